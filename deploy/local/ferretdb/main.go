// Command ferretdb runs FerretDB v1 (PostgreSQL backend) on loopback for local
// use and CI, behind a proxy that lets one read-modify-write command through
// at a time.
//
// It embeds FerretDB's public package because `go install
// .../cmd/ferretdb@v1.24.2` builds a binary that panics at start (its version
// file is missing from the module zip, FerretDB issue #2982).
//
// Why the proxy: FerretDB v1 executes an update as a query followed by a
// separate write, with no isolation between them (internal/handler/msg_update.go),
// so concurrent updates of one document are lost (50 concurrent $push kept 4).
// MongoDB applies every single-document write atomically and Synergi relies on
// that, as production does. Serialising the commands that read and then write
// (update, findAndModify, delete, and anything not known to be safe) gives the
// local server the same guarantee; reads and plain inserts need no such
// isolation and pass at once, side by side with them.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"sync"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	headerSize     = 16
	maxMessage     = 48 * 1000 * 1000 // MongoDB's maxMessageSizeBytes
	opMsg          = 2013
	flagMoreToCome = 1 << 1
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address for clients")
	internal := flag.String("internal", "", "Unix socket FerretDB itself listens on (the proxy's backend)")
	postgresql := flag.String("postgresql-url", "", "PostgreSQL database FerretDB stores in")
	flag.Parse()
	if *postgresql == "" || *internal == "" {
		log.Fatal("-postgresql-url and -internal are required")
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{Unix: *internal},
		Handler:       "postgresql",
		PostgreSQLURL: *postgresql,
	})
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	go (&serializer{backend: *internal}).serve(ln)

	log.Printf("ferretdb listening on %s (one read-modify-write at a time)", *listen)
	f.Run(ctx)
}

// serializer forwards MongoDB wire-protocol messages to the backend, letting
// one read-modify-write request and its reply through at a time across all
// connections; the others pass without waiting.
type serializer struct {
	mu      sync.Mutex
	backend string
}

func (s *serializer) serve(ln net.Listener) {
	for {
		client, err := ln.Accept()
		if err != nil {
			return
		}
		go s.handle(client)
	}
}

func (s *serializer) handle(client net.Conn) {
	defer client.Close()
	server, err := net.Dial("unix", s.backend)
	if err != nil {
		log.Printf("backend: %v", err)
		return
	}
	defer server.Close()

	fromClient, fromServer := bufio.NewReader(client), bufio.NewReader(server)
	for {
		request, err := readMessage(fromClient)
		if err != nil {
			return
		}
		if concurrent(request) {
			err = roundTrip(request, server, fromServer, client)
		} else {
			s.mu.Lock()
			err = roundTrip(request, server, fromServer, client)
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// roundTrip sends one request and relays its reply (several, while the server
// says more are coming).
func roundTrip(request []byte, server net.Conn, fromServer *bufio.Reader, client net.Conn) error {
	if _, err := server.Write(request); err != nil {
		return err
	}
	if moreToCome(request) {
		return nil // the client expects no reply
	}
	for {
		reply, err := readMessage(fromServer)
		if err != nil {
			return err
		}
		if _, err := client.Write(reply); err != nil {
			return err
		}
		if !moreToCome(reply) {
			return nil
		}
	}
}

func readMessage(r *bufio.Reader) ([]byte, error) {
	header := make([]byte, headerSize)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(binary.LittleEndian.Uint32(header[0:4]))
	if length < headerSize || length > maxMessage {
		return nil, errors.New(fmt.Sprint("bad message length ", length))
	}
	message := make([]byte, length)
	copy(message, header)
	if _, err := io.ReadFull(r, message[headerSize:]); err != nil {
		return nil, err
	}
	return message, nil
}

// concurrentCommands read, or write without reading first (an insert of an
// existing _id fails on PostgreSQL's unique index), so they need no isolation
// from an update running meanwhile. Every other command, and every message
// that is not a plain OP_MSG, is serialised.
var concurrentCommands = map[string]bool{
	"find": true, "getMore": true, "killCursors": true, "count": true, "distinct": true,
	"aggregate": true, "insert": true, "ping": true, "hello": true, "isMaster": true,
	"ismaster": true, "buildInfo": true, "buildinfo": true, "endSessions": true,
	"listCollections": true, "listIndexes": true, "listDatabases": true,
}

func concurrent(message []byte) bool {
	name, ok := commandName(message)
	return ok && concurrentCommands[name]
}

// commandName is the first key of an OP_MSG's body (its kind-0 section), which
// names the command.
func commandName(message []byte) (string, bool) {
	if binary.LittleEndian.Uint32(message[12:16]) != opMsg {
		return "", false
	}
	pos := headerSize + 4 // past the flag bits
	for pos < len(message) {
		kind := message[pos]
		pos++
		switch kind {
		case 0: // the body: a BSON document, its first element's name after length and type
			start := pos + 5
			if start > len(message) {
				return "", false
			}
			end := bytes.IndexByte(message[start:], 0)
			if end < 0 {
				return "", false
			}
			return string(message[start : start+end]), true
		case 1: // a document sequence: skip it by its length
			if pos+4 > len(message) {
				return "", false
			}
			pos += int(binary.LittleEndian.Uint32(message[pos : pos+4]))
		default:
			return "", false
		}
	}
	return "", false
}

func moreToCome(message []byte) bool {
	opCode := binary.LittleEndian.Uint32(message[12:16])
	return opCode == opMsg && len(message) >= headerSize+4 &&
		binary.LittleEndian.Uint32(message[16:20])&flagMoreToCome != 0
}
