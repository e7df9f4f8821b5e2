/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HW_SEIOT_SE_SPI_H
#define HW_SEIOT_SE_SPI_H

#include "qom/object.h"

#define TYPE_SE_SPI "se-spi"
OBJECT_DECLARE_SIMPLE_TYPE(SESPIState, SE_SPI)

#endif
