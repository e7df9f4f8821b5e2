/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef HW_SEIOT_SE_I2C_H
#define HW_SEIOT_SE_I2C_H

#include "qom/object.h"

#define TYPE_SE_I2C "se-i2c"
OBJECT_DECLARE_SIMPLE_TYPE(SEI2CState, SE_I2C)

#endif
