// Command ferretdb runs FerretDB v1 (SQLite backend) on loopback for local
// development and CI, behind a proxy that hands it one command at a time.
//
// It embeds FerretDB's public package because `go install
// .../cmd/ferretdb@v1.24.2` builds a binary that panics at start (its version
// file is missing from the module zip, FerretDB issue #2982).
//
// Why the proxy: FerretDB v1 executes an update as a query followed by a
// separate write, with no isolation between them (internal/handler/msg_update.go),
// so concurrent updates of one document are lost (50 concurrent $push kept 5).
// MongoDB applies every single-document write atomically and Synergi relies on
// that, as production does. Serialising commands gives the development and CI
// server the same guarantee.
package main

import (
	"bufio"
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
	"path/filepath"
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
	internal := flag.String("internal", "127.0.0.1:27018", "TCP address FerretDB itself listens on")
	dir := flag.String("dir", "", "directory for the SQLite files (created if missing)")
	flag.Parse()
	if *dir == "" {
		log.Fatal("-dir is required")
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *internal},
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
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

	log.Printf("ferretdb listening on %s (one command at a time), data in %s", *listen, abs)
	f.Run(ctx)
}

// serializer forwards MongoDB wire-protocol messages to the backend, letting
// one request and its reply through at a time across all connections.
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
	server, err := net.Dial("tcp", s.backend)
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
		s.mu.Lock()
		err = roundTrip(request, server, fromServer, client)
		s.mu.Unlock()
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

func moreToCome(message []byte) bool {
	opCode := binary.LittleEndian.Uint32(message[12:16])
	return opCode == opMsg && len(message) >= headerSize+4 &&
		binary.LittleEndian.Uint32(message[16:20])&flagMoreToCome != 0
}
