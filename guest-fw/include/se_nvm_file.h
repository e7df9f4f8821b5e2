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
} se_nvm_file;

/**
 * \brief Open (creating if needed) the image file `path` of `size` bytes and
 * bind `hal` to it. A shorter file is extended with zero bytes.
 * \return SE_OK, SE_ERR_LOCKED (another user holds the file), SE_ERR_IO.
 */
int se_nvm_file_open(se_nvm_file *f, se_hal *hal, const char *path, uint32_t size);

/** \brief Release the lock and close the file. */
void se_nvm_file_close(se_nvm_file *f);

#endif
