/* The kernel errno values, as the uapi headers define them. */
#include <asm/errno.h>
