#ifndef FUZZ_KSHIM_VERSION_H
#define FUZZ_KSHIM_VERSION_H
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 12, 0)
#endif
