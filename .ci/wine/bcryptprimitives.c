/*
 * bcryptprimitives.dll for Wine 8 (Debian 12), which lacks it: Go 1.24 and
 * later need its ProcessPrng on Windows, where every version since 10 has
 * it. This fills the buffer from RtlGenRandom, as Windows' own does from
 * the same generator. For running candor's tests under Wine only.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom */

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
	while (length > 0) {
		ULONG n = length > 0x10000000 ? 0x10000000 : (ULONG)length;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		length -= n;
	}
	return TRUE;
}
