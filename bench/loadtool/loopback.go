package main

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"
)

// loopbackHost says whether host (no port, IPv6 without brackets) names
// this machine only: localhost, 127.0.0.0/8 or ::1.
func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// checkLoopbackURL refuses any server URL this tool must not load: another
// scheme than http(s), or a host that is not loopback.
func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q: the scheme must be http or https", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" || (u.Path != "" && u.Path != "/") {
		return fmt.Errorf("%q: give the server's root only, e.g. http://127.0.0.1:8080", raw)
	}
	if !loopbackHost(u.Hostname()) {
		return fmt.Errorf("%q: the load tool targets loopback only (localhost, 127.0.0.0/8, ::1)", raw)
	}
	return nil
}

// checkLoopbackAddr refuses a listen address that is not loopback.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if !loopbackHost(host) {
		return fmt.Errorf("%q: a started server listens on loopback only (127.0.0.1:0, [::1]:0)", addr)
	}
	return nil
}

// loopbackDial is the clients' dialer: whatever a name resolves to, a
// connection whose peer is not a loopback address is closed unused.
func loopbackDial(ctx context.Context, network, addr string) (net.Conn, error) {
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	if ta, ok := c.RemoteAddr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
		c.Close()
		return nil, fmt.Errorf("refused to talk to %s: not a loopback address", c.RemoteAddr())
	}
	return c, nil
}
