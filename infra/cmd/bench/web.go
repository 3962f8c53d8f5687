package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"crmportal/infra/bench"
)

// webSides are the app's two sides: the module each side's pages render in (lazily imported
// by the entry, its own pages lazy in turn) and the text set it loads besides the shared one.
var webSides = []struct{ name, module, texts string }{
	{"portal", "src/portal/layouts/PortalShell.tsx", "portal"},
	{"console", "src/console/ConsoleRoutes.tsx", "console"},
}

// manifestChunk is an entry of Vite's .vite/manifest.json.
type manifestChunk struct {
	File    string   `json:"file"`
	IsEntry bool     `json:"isEntry"`
	Imports []string `json:"imports"`
	CSS     []string `json:"css"`
}

// webSize measures each side's first load from web/dist/.vite/manifest.json: the entry, the
// side's module and its shared and side texts, with everything they import statically
// (transitively) and their style sheets, gzipped; of the languages, the heavier. Nil when
// web/dist has no manifest.
func webSize(root string) (*bench.WebSize, error) {
	dist := filepath.Join(root, "web", "dist")
	path := filepath.Join(dist, ".vite", "manifest.json")
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var manifest map[string]manifestChunk
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, fmt.Errorf("web app first load: %s: %w", path, err)
	}
	w := &bench.WebSize{Built: fi.ModTime(), Target: bench.WebFirstLoadTarget}
	entry := ""
	var languages []string
	for key, c := range manifest {
		if c.IsEntry {
			entry = key
		}
		if lang, ok := strings.CutPrefix(key, "virtual:texts/"); ok && strings.HasSuffix(lang, "/shared") {
			languages = append(languages, strings.TrimSuffix(lang, "/shared"))
		}
	}
	slices.Sort(languages)
	if entry == "" || len(languages) == 0 {
		w.Unavailable = "web/dist/.vite/manifest.json names no entry or no texts"
		return w, nil
	}
	sizes := map[string][2]int64{} // file: raw, gzip
	for _, side := range webSides {
		var heaviest *bench.WebSide
		for _, lang := range languages {
			roots := []string{entry, side.module, "virtual:texts/" + lang + "/shared", "virtual:texts/" + lang + "/" + side.texts}
			files, err := firstLoadFiles(manifest, roots)
			if err != nil {
				return nil, fmt.Errorf("web app first load of the %s: %w", side.name, err)
			}
			s := bench.WebSide{Name: side.name, Language: lang}
			for _, f := range files {
				size, ok := sizes[f]
				if !ok {
					if size, err = webFileSize(filepath.Join(dist, filepath.FromSlash(f))); err != nil {
						return nil, fmt.Errorf("web app first load: %w", err)
					}
					sizes[f] = size
				}
				s.Files = append(s.Files, "`"+strings.TrimPrefix(f, "assets/")+"`")
				s.Raw += size[0]
				s.Gzip += size[1]
			}
			if heaviest == nil || s.Gzip > heaviest.Gzip {
				heaviest = &s
			}
		}
		w.Sides = append(w.Sides, *heaviest)
	}
	return w, nil
}

// firstLoadFiles lists the files of the manifest's roots and of everything they import
// statically, transitively, with their style sheets; lazily imported chunks are not followed.
func firstLoadFiles(manifest map[string]manifestChunk, roots []string) ([]string, error) {
	seen := map[string]bool{}
	var files []string
	var walk func(key string) error
	walk = func(key string) error {
		if seen[key] {
			return nil
		}
		seen[key] = true
		c, ok := manifest[key]
		if !ok {
			return fmt.Errorf("%s is not in the manifest", key)
		}
		files = append(files, c.File)
		for _, css := range c.CSS {
			if !slices.Contains(files, css) {
				files = append(files, css)
			}
		}
		for _, imported := range c.Imports {
			if err := walk(imported); err != nil {
				return err
			}
		}
		return nil
	}
	for _, root := range roots {
		if err := walk(root); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// webFileSize is a file's raw size and its size gzipped by compress/gzip at its best level:
// Go's deflate at its default level writes these files about 0.3% larger than zlib at its
// default level, which the build's own check (web/build/firstLoad.ts, Node's zlib) uses; at
// its best level it comes within 0.2% of it, so the two figures agree to the tenth of a KiB.
func webFileSize(path string) ([2]int64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return [2]int64{}, err
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return [2]int64{}, err
	}
	if _, err := zw.Write(data); err != nil {
		return [2]int64{}, err
	}
	if err := zw.Close(); err != nil {
		return [2]int64{}, err
	}
	return [2]int64{int64(len(data)), int64(buf.Len())}, nil
}
