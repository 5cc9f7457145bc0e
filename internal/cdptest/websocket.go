package cdptest

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// The WebSocket client (RFC 6455) the DevTools connection runs over: the
// client side of the opening handshake, masked frames out, text, binary
// and continuation frames in, ping answered with pong, and the closing
// handshake. Nothing else (no extensions, no subprotocols).

// WebSocket opcodes (RFC 6455 section 5.2).
const (
	opContinuation = 0x0
	opText         = 0x1
	opBinary       = 0x2
	opClose        = 0x8
	opPing         = 0x9
	opPong         = 0xA
)

// maxMessage bounds one received message (DevTools messages are JSON;
// the largest the tests see are page evaluations of a few KiB).
const maxMessage = 64 << 20

// websocketGUID is the GUID of RFC 6455 section 1.3, from which the
// server's Sec-WebSocket-Accept is computed.
const websocketGUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

// errClosed is returned once the connection is closed, by either side.
var errClosed = errors.New("cdptest: websocket closed")

// wsConn is a client WebSocket connection. Reads are for one goroutine;
// writes may come from several.
type wsConn struct {
	conn net.Conn
	r    *bufio.Reader

	wmu    sync.Mutex // serialises frames out
	closed bool       // a close frame was sent (under wmu)
}

// dialWebSocket opens a ws:// URL.
func dialWebSocket(ctx context.Context, rawURL string) (*wsConn, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "ws" {
		return nil, fmt.Errorf("cdptest: websocket URL %q: only ws:// is supported", rawURL)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return nil, err
	}
	// The handshake is bounded by ctx: its deadline on the connection, and
	// closing the connection when ctx ends first.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	ws, err := handshake(conn, u)
	if !stop() || err != nil {
		conn.Close()
		if err == nil {
			err = ctx.Err()
		}
		return nil, fmt.Errorf("cdptest: websocket handshake with %s: %w", u.Host, err)
	}
	_ = conn.SetDeadline(time.Time{})
	return ws, nil
}

func handshake(conn net.Conn, u *url.URL) (*wsConn, error) {
	var nonce [16]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return nil, err
	}
	key := base64.StdEncoding.EncodeToString(nonce[:])
	req := &http.Request{
		Method:     http.MethodGet,
		URL:        u,
		Proto:      "HTTP/1.1",
		ProtoMajor: 1,
		ProtoMinor: 1,
		Host:       u.Host,
		Header: http.Header{
			"Upgrade":               {"websocket"},
			"Connection":            {"Upgrade"},
			"Sec-WebSocket-Key":     {key},
			"Sec-WebSocket-Version": {"13"},
		},
	}
	if err := req.Write(conn); err != nil {
		return nil, err
	}
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, fmt.Errorf("status %s", resp.Status)
	}
	if !strings.EqualFold(resp.Header.Get("Upgrade"), "websocket") ||
		!headerHasToken(resp.Header, "Connection", "upgrade") {
		return nil, errors.New("no Upgrade: websocket in the response")
	}
	sum := sha1.Sum([]byte(key + websocketGUID))
	if got, want := resp.Header.Get("Sec-WebSocket-Accept"), base64.StdEncoding.EncodeToString(sum[:]); got != want {
		return nil, fmt.Errorf("Sec-WebSocket-Accept %q, want %q", got, want)
	}
	return &wsConn{conn: conn, r: r}, nil
}

// headerHasToken reports whether a comma-separated header lists token.
func headerHasToken(h http.Header, name, token string) bool {
	for _, v := range h.Values(name) {
		for t := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// writeText sends a text message in one frame.
func (c *wsConn) writeText(p []byte) error { return c.writeFrame(opText, p) }

// writeFrame sends one final frame, masked as a client must (RFC 6455
// section 5.3).
func (c *wsConn) writeFrame(op byte, payload []byte) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if c.closed {
		return errClosed
	}
	if op == opClose {
		c.closed = true
	}
	hdr := make([]byte, 0, 14)
	hdr = append(hdr, 0x80|op) // FIN, no RSV bits
	switch n := len(payload); {
	case n <= 125:
		hdr = append(hdr, 0x80|byte(n))
	case n <= 0xFFFF:
		hdr = append(hdr, 0x80|126)
		hdr = binary.BigEndian.AppendUint16(hdr, uint16(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	var mask [4]byte
	if _, err := rand.Read(mask[:]); err != nil {
		return err
	}
	hdr = append(hdr, mask[:]...)
	masked := make([]byte, len(payload))
	for i, b := range payload {
		masked[i] = b ^ mask[i%4]
	}
	_, err := (&net.Buffers{hdr, masked}).WriteTo(c.conn)
	return err
}

// frame is one received frame's header.
type frame struct {
	fin bool
	op  byte
	n   uint64
}

func (c *wsConn) readHeader() (frame, error) {
	var h [2]byte
	if _, err := io.ReadFull(c.r, h[:]); err != nil {
		return frame{}, err
	}
	f := frame{fin: h[0]&0x80 != 0, op: h[0] & 0x0F, n: uint64(h[1] & 0x7F)}
	if h[0]&0x70 != 0 {
		return frame{}, errors.New("cdptest: websocket frame with reserved bits set")
	}
	if h[1]&0x80 != 0 {
		return frame{}, errors.New("cdptest: masked websocket frame from the server")
	}
	switch f.n {
	case 126:
		var b [2]byte
		if _, err := io.ReadFull(c.r, b[:]); err != nil {
			return frame{}, err
		}
		f.n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		if _, err := io.ReadFull(c.r, b[:]); err != nil {
			return frame{}, err
		}
		f.n = binary.BigEndian.Uint64(b[:])
	}
	if f.op >= opClose && (!f.fin || f.n > 125) {
		return frame{}, fmt.Errorf("cdptest: websocket control frame %#x fragmented or of %d bytes", f.op, f.n)
	}
	return f, nil
}

// readMessage returns the next text or binary message, its fragments
// joined, answering pings on the way. A close frame from the server is
// answered and ends the connection with errClosed.
func (c *wsConn) readMessage() ([]byte, error) {
	var msg []byte
	started := false
	for {
		f, err := c.readHeader()
		if err != nil {
			return nil, err
		}
		if f.n > maxMessage || uint64(len(msg))+f.n > maxMessage {
			return nil, fmt.Errorf("cdptest: websocket message over %d bytes", maxMessage)
		}
		payload := make([]byte, f.n)
		if _, err := io.ReadFull(c.r, payload); err != nil {
			return nil, err
		}
		switch f.op {
		case opPing:
			if err := c.writeFrame(opPong, payload); err != nil {
				return nil, err
			}
			continue
		case opPong:
			continue
		case opClose:
			// Echo the status code (RFC 6455 section 5.5.1), then stop.
			if len(payload) > 2 {
				payload = payload[:2]
			}
			_ = c.writeFrame(opClose, payload)
			return nil, errClosed
		case opText, opBinary:
			if started {
				return nil, errors.New("cdptest: websocket data frame inside a fragmented message")
			}
			started = true
		case opContinuation:
			if !started {
				return nil, errors.New("cdptest: websocket continuation frame with no message")
			}
		default:
			return nil, fmt.Errorf("cdptest: websocket opcode %#x", f.op)
		}
		msg = append(msg, payload...)
		if f.fin {
			return msg, nil
		}
	}
}

// close sends a close frame (1000, normal closure) and closes the
// connection without waiting for the server's answer.
func (c *wsConn) close() error {
	err := c.writeFrame(opClose, []byte{0x03, 0xE8})
	if cerr := c.conn.Close(); err == nil || errors.Is(err, errClosed) {
		err = cerr
	}
	return err
}
