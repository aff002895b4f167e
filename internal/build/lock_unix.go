//go:build unix

package build

import (
	"context"
	"errors"
	"os"
	"syscall"
	"time"
)

// lock takes the lock on dir that builds into a folder of dir take in
// turn, waiting for another build to finish or ctx to end. It locks the
// folder itself, so it leaves no file behind; the system lets it go when
// the process ends, however it ends.
func lock(ctx context.Context, dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, err
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}
