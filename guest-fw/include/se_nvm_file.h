/*
 * se_nvm_file.h - host-only HAL backend: the NVM image is a file, locked so a
 * second process (or a second open in this one) cannot use it at the same
 * time. Random bytes from getrandom(), time from the system clock.
 * Lives in guest-fw/host/, outside the OS-free core.
 */
#ifndef SE_NVM_FILE_H
#define SE_NVM_FILE_H

#include "se_hal.h"

typedef struct se_nvm_file {
	int fd;
	uint32_t size;
	int extended; /**< the file was checked to be `size` bytes long (first write) */
} se_nvm_file;

/**
 * \brief Open (creating if needed) the image file `path` of `size` bytes and
 * bind `hal` to it. A shorter file reads as if padded with zero bytes and is
 * extended to `size` on the first write, never before: a file the firmware
 * refuses is left byte-identical.
 * \return SE_OK, SE_ERR_LOCKED (another user holds the file), SE_ERR_IO.
 */
int se_nvm_file_open(se_nvm_file *f, se_hal *hal, const char *path, uint32_t size);

/** \brief Release the lock and close the file. */
void se_nvm_file_close(se_nvm_file *f);

#endif
