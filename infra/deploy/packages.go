package deploy

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Lambda's limits on a function's deployment package (zip archive): 50 MB zipped when
// uploaded directly, 250 MB unzipped however it is uploaded. Counted in decimal megabytes,
// the stricter reading.
const (
	MaxZippedBytes   = 50 * 1000 * 1000
	MaxUnzippedBytes = 250 * 1000 * 1000
)

// Package is one function's build folder and its sizes.
type Package struct {
	Name             string // the folder's path under the build directory (ImportWorkerFunction, StaffApi/HealthFunction)
	Unzipped, Zipped int64
}

// PackageReport is every package of a build directory.
type PackageReport struct {
	Packages         []Package // by name
	Unzipped, Zipped int64     // totals
}

// MeasurePackages zips, in memory and as sam deploy does (deflate), each folder under buildDir
// that holds a bootstrap, and returns the sizes. sam build puts a nested stack's functions in
// the stack's own folder (StaffApi/HealthFunction), so the folders are looked for at any depth.
// A build directory without any is an error (run make build first).
func MeasurePackages(buildDir string) (PackageReport, error) {
	var r PackageReport
	err := filepath.WalkDir(buildDir, func(dir string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if _, err := os.Stat(filepath.Join(dir, "bootstrap")); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		p, err := measure(dir)
		if err != nil {
			return fmt.Errorf("measure package %s: %w", dir, err)
		}
		rel, err := filepath.Rel(buildDir, dir)
		if err != nil {
			return err
		}
		p.Name = filepath.ToSlash(rel)
		r.Packages = append(r.Packages, p)
		r.Unzipped += p.Unzipped
		r.Zipped += p.Zipped
		return fs.SkipDir // a package's own folders are part of it
	})
	if err != nil {
		return PackageReport{}, fmt.Errorf("measure packages in %s: %w", buildDir, err)
	}
	if len(r.Packages) == 0 {
		return PackageReport{}, fmt.Errorf("measure packages: no function (a folder with a bootstrap) in %s; run make build", buildDir)
	}
	sort.Slice(r.Packages, func(i, j int) bool { return r.Packages[i].Name < r.Packages[j].Name })
	return r, nil
}

func measure(dir string) (Package, error) {
	var p Package
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		w, err := zw.CreateHeader(&zip.FileHeader{Name: filepath.ToSlash(rel), Method: zip.Deflate})
		if err != nil {
			return err
		}
		n, err := io.Copy(w, f)
		p.Unzipped += n
		return err
	})
	if err != nil {
		return Package{}, err
	}
	if err := zw.Close(); err != nil {
		return Package{}, err
	}
	p.Zipped = int64(buf.Len())
	return p, nil
}

// Oversized returns the packages over Lambda's limits, each with the limit it breaks.
func (r PackageReport) Oversized() []string {
	var out []string
	for _, p := range r.Packages {
		if p.Zipped > MaxZippedBytes {
			out = append(out, fmt.Sprintf("%s: %d bytes zipped, over Lambda's %d", p.Name, p.Zipped, MaxZippedBytes))
		}
		if p.Unzipped > MaxUnzippedBytes {
			out = append(out, fmt.Sprintf("%s: %d bytes unzipped, over Lambda's %d", p.Name, p.Unzipped, MaxUnzippedBytes))
		}
	}
	return out
}
