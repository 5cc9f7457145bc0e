package cdptest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serverFrame encodes a frame as a server sends it (unmasked).
func serverFrame(first byte, payload []byte) []byte {
	b := []byte{first}
	switch n := len(payload); {
	case n <= 125:
		b = append(b, byte(n))
	case n <= 0xFFFF:
		b = append(b, 126)
		b = binary.BigEndian.AppendUint16(b, uint16(n))
	default:
		b = append(b, 127)
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return append(b, payload...)
}

// readClientFrame reads a frame from the client, checks that it is final
// and masked, and returns its opcode and unmasked payload.
func readClientFrame(t *testing.T, r *bufio.Reader) (byte, []byte) {
	t.Helper()
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Fatalf("reading a client frame: %v", err)
	}
	if h[0]&0x80 == 0 || h[0]&0x70 != 0 {
		t.Errorf("client frame header %#x: want FIN and no reserved bits", h[0])
	}
	if h[1]&0x80 == 0 {
		t.Fatal("client frame not masked")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		io.ReadFull(r, b[:])
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		io.ReadFull(r, b[:])
		n = binary.BigEndian.Uint64(b[:])
	}
	var mask [4]byte
	if _, err := io.ReadFull(r, mask[:]); err != nil {
		t.Fatal(err)
	}
	p := make([]byte, n)
	if _, err := io.ReadFull(r, p); err != nil {
		t.Fatal(err)
	}
	for i := range p {
		p[i] ^= mask[i%4]
	}
	return h[0] & 0x0F, p
}

// wsServer runs a WebSocket server that completes the handshake (with
// accept, or a wrong one when badAccept) and then hands the connection to
// script.
func wsServer(t *testing.T, badAccept bool, script func(conn net.Conn, r *bufio.Reader)) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Sec-WebSocket-Version") != "13" || !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
			http.Error(w, "not a websocket handshake", http.StatusBadRequest)
			return
		}
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + websocketGUID))
		accept := base64.StdEncoding.EncodeToString(sum[:])
		if badAccept {
			accept = base64.StdEncoding.EncodeToString(make([]byte, 20))
		}
		conn, brw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		brw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + "\r\n\r\n")
		brw.Flush()
		script(conn, brw.Reader)
	}))
	t.Cleanup(srv.Close)
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/devtools/browser/x"
}

func dialTest(t *testing.T, url string) *wsConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := dialWebSocket(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.conn.Close() })
	return c
}

// TestWebSocket: fragmented and large messages arrive whole, pings are
// answered with pongs of the same payload, what the client sends is masked,
// and a close from the server is echoed and ends the connection.
func TestWebSocket(t *testing.T) {
	large := bytes.Repeat([]byte("0123456789abcdef"), 5000) // 80000 bytes: a 64-bit length
	medium := bytes.Repeat([]byte("x"), 300)                // a 16-bit length
	done := make(chan struct{})
	url := wsServer(t, false, func(conn net.Conn, r *bufio.Reader) {
		defer close(done)
		// The client's first message, echoed back in three fragments
		// with a ping between them.
		op, p := readClientFrame(t, r)
		if op != opText || string(p) != `{"id":1}` {
			t.Errorf("client sent %#x %q", op, p)
		}
		conn.Write(serverFrame(opText, p[:3]))
		conn.Write(serverFrame(0x80|opPing, []byte("are you there")))
		conn.Write(serverFrame(opContinuation, p[3:5]))
		conn.Write(serverFrame(0x80|opContinuation, p[5:]))
		if op, p := readClientFrame(t, r); op != opPong || string(p) != "are you there" {
			t.Errorf("answer to ping: %#x %q", op, p)
		}
		conn.Write(serverFrame(0x80|opPong, nil)) // unsolicited: ignored
		conn.Write(serverFrame(0x80|opText, medium))
		conn.Write(serverFrame(0x80|opBinary, large))
		if op, p := readClientFrame(t, r); op != opText || !bytes.Equal(p, large) {
			t.Errorf("client's large message: %#x, %d bytes", op, len(p))
		}
		conn.Write(serverFrame(0x80|opClose, []byte{0x03, 0xE9, 'b', 'y', 'e'}))
		if op, p := readClientFrame(t, r); op != opClose || !bytes.Equal(p, []byte{0x03, 0xE9}) {
			t.Errorf("answer to close: %#x %q", op, p)
		}
	})
	c := dialTest(t, url)
	if err := c.writeText([]byte(`{"id":1}`)); err != nil {
		t.Fatal(err)
	}
	for _, want := range [][]byte{[]byte(`{"id":1}`), medium, large} {
		got, err := c.readMessage()
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("message: %d bytes, %v; want %d bytes", len(got), err, len(want))
		}
	}
	if err := c.writeText(large); err != nil {
		t.Fatal(err)
	}
	if _, err := c.readMessage(); !errors.Is(err, errClosed) {
		t.Fatalf("after close: %v", err)
	}
	if err := c.writeText([]byte("late")); !errors.Is(err, errClosed) {
		t.Errorf("writing after close: %v", err)
	}
	<-done
}

// TestWebSocketProtocolErrors: frames a server must not send are errors,
// not messages.
func TestWebSocketProtocolErrors(t *testing.T) {
	for name, frames := range map[string][]byte{
		"masked":                append([]byte{0x81, 0x80 | 2, 1, 2, 3, 4}, 'h'^1, 'i'^2),
		"reserved bits":         serverFrame(0x80|0x40|opText, []byte("hi")),
		"continuation first":    serverFrame(0x80|opContinuation, []byte("hi")),
		"text inside a message": append(serverFrame(opText, []byte("a")), serverFrame(0x80|opText, []byte("b"))...),
		"fragmented ping":       serverFrame(opPing, []byte("hi")),
		"large ping":            serverFrame(0x80|opPing, make([]byte, 126)),
		"unknown opcode":        serverFrame(0x80|0x3, []byte("hi")),
		"over the bound":        {0x82, 127, 0, 0, 0, 0, 0x10, 0, 0, 0},
		"truncated":             {0x81, 5, 'h'},
	} {
		t.Run(name, func(t *testing.T) {
			url := wsServer(t, false, func(conn net.Conn, r *bufio.Reader) {
				conn.Write(frames)
				time.Sleep(100 * time.Millisecond) // then close: truncated stays truncated
			})
			c := dialTest(t, url)
			if msg, err := c.readMessage(); err == nil {
				t.Errorf("read %q, want an error", msg)
			}
		})
	}
}

// TestWebSocketHandshake: a server that does not answer with the accept
// value of our key, or does not upgrade, is refused; a context deadline
// bounds a server that does not answer.
func TestWebSocketHandshake(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := dialWebSocket(ctx, wsServer(t, true, func(net.Conn, *bufio.Reader) {})); err == nil || !strings.Contains(err.Error(), "Sec-WebSocket-Accept") {
		t.Errorf("wrong accept: %v", err)
	}
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	if _, err := dialWebSocket(ctx, "ws"+strings.TrimPrefix(plain.URL, "http")); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("no upgrade: %v", err)
	}
	if _, err := dialWebSocket(ctx, "wss://127.0.0.1:1/"); err == nil {
		t.Error("wss:// accepted")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accepts and says nothing
		if conn, err := ln.Accept(); err == nil {
			defer conn.Close()
			time.Sleep(5 * time.Second)
		}
	}()
	short, cancelShort := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancelShort()
	if _, err := dialWebSocket(short, "ws://"+ln.Addr().String()+"/"); err == nil {
		t.Error("silent server: no error")
	}
}
