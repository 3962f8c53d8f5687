package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"crmportal/infra/bench"
)

// firstLoad matches the scripts, module preloads and style sheets index.html names.
var firstLoad = regexp.MustCompile(`<(?:script|link)[^>]*(?:src|href)="/(assets/[^"]+\.(?:js|css))"`)

// webSize is the raw and gzip size of the files web/dist/index.html loads first; nil when
// web/dist does not exist.
func webSize(root string) (*bench.WebSize, error) {
	dist := filepath.Join(root, "web", "dist")
	fi, err := os.Stat(filepath.Join(dist, "index.html"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	index, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		return nil, err
	}
	w := &bench.WebSize{Built: fi.ModTime()}
	for _, m := range firstLoad.FindAllStringSubmatch(string(index), -1) {
		data, err := os.ReadFile(filepath.Join(dist, filepath.FromSlash(m[1])))
		if err != nil {
			return nil, fmt.Errorf("web app first load: %w", err)
		}
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		if _, err := zw.Write(data); err != nil {
			return nil, err
		}
		if err := zw.Close(); err != nil {
			return nil, err
		}
		w.Files = append(w.Files, "`"+strings.TrimPrefix(m[1], "assets/")+"`")
		w.Raw += int64(len(data))
		w.Gzip += int64(buf.Len())
	}
	if len(w.Files) == 0 {
		w.Unavailable = "web/dist/index.html names no script or style sheet"
	}
	return w, nil
}
