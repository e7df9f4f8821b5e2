/*
 * seos.h - umbrella header of the SE firmware library (guest-fw).
 *
 * Naming follows BearSSL: se_<module>_<verb>(), caller-allocated contexts,
 * (pointer, length) pairs, no malloc, no mutable globals.
 *   se_hal.h      platform ops (NVM image, random, time) + RAM backend
 *   se_apdu.h     ISO 7816-4 command parsing, status words
 *   se_nvm.h      persistent image, atomic transactions
 *   se_applet.h   applet descriptor and the services an applet may call
 *   se_os.h       card OS: init, transmit, reset, secure dispatch
 *   se_applets.h  built-in applets ISD, App1, App2, App3
 *   se_nvm_file.h host-only file backend (not part of the OS-free core)
 */
#ifndef SEOS_H
#define SEOS_H

#include "se_hal.h"
#include "se_apdu.h"
#include "se_nvm.h"
#include "se_applet.h"
#include "se_os.h"
#include "se_applets.h"

#endif
