//go:build windows

package build

import (
	"context"
	"errors"
	"path/filepath"
	"syscall"
	"time"
)

// lock takes the lock on dir that builds into a folder of dir take in
// turn, waiting for another build to finish or ctx to end. Windows cannot
// lock a folder, so it opens a file in it that no one else may open while
// it is held, and that the system deletes when it is closed, however the
// process ends: no file is left behind.
func lock(ctx context.Context, dir string) (unlock func(), err error) {
	name, err := syscall.UTF16PtrFromString(filepath.Join(dir, ".candor-lock"))
	if err != nil {
		return nil, err
	}
	const (
		shareNone       = 0
		temporary       = 0x100      // FILE_ATTRIBUTE_TEMPORARY: kept in memory if it can be
		deleteOnClose   = 0x04000000 // FILE_FLAG_DELETE_ON_CLOSE
		sharingViolated = syscall.Errno(32)
		accessDenied    = syscall.ERROR_ACCESS_DENIED // the file is being deleted
	)
	for {
		h, err := syscall.CreateFile(name, syscall.GENERIC_READ|syscall.GENERIC_WRITE, shareNone, nil,
			syscall.OPEN_ALWAYS, syscall.FILE_ATTRIBUTE_HIDDEN|temporary|deleteOnClose, 0)
		if err == nil {
			return func() { syscall.CloseHandle(h) }, nil
		}
		if !errors.Is(err, sharingViolated) && !errors.Is(err, accessDenied) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
