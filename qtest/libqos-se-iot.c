/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libqos nodes of the se-iot board: the machine "aarch64/se-iot" contains
 * the i.MX I2C3 adapter (reused from libqos/i2c-imx.c, QEMU i2c-bus.2), and
 * the driver "se-i2c" consumes an "i2c-bus" so that qgraph tests of the SE
 * run on any machine that offers one.
 */
#include "qemu/osdep.h"
#include "libqtest.h"
#include "libqos/libqos-malloc.h"
#include "libqos/qgraph.h"
#include "libqos/i2c.h"
#include "hw/i2c/imx_i2c.h"

#define SE_IOT_RAM_START    0x40000000
#define SE_IOT_RAM_END      0x80000000
#define SE_IOT_I2C3         0x30a40000

typedef struct QSeIotMachine {
    QOSGraphObject obj;
    QGuestAllocator alloc;
    IMXI2C i2c3;
} QSeIotMachine;

static void *se_iot_get_driver(void *object, const char *interface)
{
    QSeIotMachine *m = object;

    if (!g_strcmp0(interface, "memory")) {
        return &m->alloc;
    }
    fprintf(stderr, "%s not present in aarch64/se-iot\n", interface);
    g_assert_not_reached();
}

static QOSGraphObject *se_iot_get_device(void *obj, const char *device)
{
    QSeIotMachine *m = obj;

    if (!g_strcmp0(device, TYPE_IMX_I2C)) {
        return &m->i2c3.obj;
    }
    fprintf(stderr, "%s not present in aarch64/se-iot\n", device);
    g_assert_not_reached();
}

static void se_iot_destructor(QOSGraphObject *obj)
{
    QSeIotMachine *m = (QSeIotMachine *)obj;

    alloc_destroy(&m->alloc);
}

static void *se_iot_create_machine(QTestState *qts)
{
    QSeIotMachine *m = g_new0(QSeIotMachine, 1);

    alloc_init(&m->alloc, 0, SE_IOT_RAM_START, SE_IOT_RAM_END, 4096);
    m->obj.get_device = se_iot_get_device;
    m->obj.get_driver = se_iot_get_driver;
    m->obj.destructor = se_iot_destructor;
    imx_i2c_init(&m->i2c3, qts, SE_IOT_I2C3);
    return &m->obj;
}

static void se_iot_register_nodes(void)
{
    QOSGraphEdgeOptions bus = { .extra_device_opts = "bus=i2c-bus.2" };
    /* 0x48 is the board's own SE; the graph's one sits next to it */
    QOSGraphEdgeOptions dev = { .extra_device_opts = "address=0x50" };

    qos_node_create_machine("aarch64/se-iot", se_iot_create_machine);
    qos_node_contains("aarch64/se-iot", TYPE_IMX_I2C, &bus, NULL);

    add_qi2c_address(&dev, &(QI2CAddress) { 0x50 });
    qos_node_create_driver("se-i2c", i2c_device_create);
    qos_node_consumes("se-i2c", "i2c-bus", &dev);
}

libqos_init(se_iot_register_nodes);
