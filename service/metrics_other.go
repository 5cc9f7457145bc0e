//go:build !linux

package service

import "time"

// processMetrics are the process metrics where there is no /proc: the
// start time only, taken at package initialization.
func processMetrics() []family {
	return []family{processStartMetric(func() (time.Time, bool) { return processStart, true })}
}
