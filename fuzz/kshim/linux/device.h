/* struct device is only named by pointer in the headers se_frame.c includes. */
#ifndef FUZZ_KSHIM_DEVICE_H
#define FUZZ_KSHIM_DEVICE_H
struct device;
#endif
