package schema

// DefaultMaxWork is the bound on the evaluations of subschemas on values
// of one validation pass when Options.MaxWork is zero: well under a second
// of evaluation. The published OB 3.0 schemas need a small fraction of it
// for a credential of a megabyte (TestWorkPublishedSchema).
const DefaultMaxWork = 1 << 18
