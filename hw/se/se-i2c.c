/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * se-i2c: the SE as an I2C slave speaking GP T=1' (link-t1prime.md §1.2,
 * §2.7).  One I2C write is one block; the block is processed at the STOP.
 * While the SE is busy it NACKs its address; a response is read from a
 * cursor that survives split reads, with 0xFF after its end.
 *
 *   -device se-i2c,bus=i2c-bus.N,address=0x48[,nvm=FILE][,ifsc=..]...
 * Properties: docs/se-device.md.
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "hw/i2c/i2c.h"
#include "hw/resettable.h"
#include "hw/seiot/trace.h"
#include "se-core.h"
#include "hw/seiot/se-i2c.h"

enum { SE_I2C_IDLE, SE_I2C_WRITE, SE_I2C_READ };

struct SEI2CState {
    I2CSlave parent_obj;

    uint8_t mode;
    SECore core;
};

static int se_i2c_event(I2CSlave *i2c, enum i2c_event event)
{
    SEI2CState *s = SE_I2C(i2c);
    SECore *c = &s->core;
    int nack = 0;

    /* A repeated START ends a write as a STOP would: the block is complete. */
    if ((event == I2C_START_SEND || event == I2C_START_RECV) &&
        s->mode == SE_I2C_WRITE && c->rx_len) {
        se_core_block_in(c);
        s->mode = SE_I2C_IDLE;
    }
    switch (event) {
    case I2C_START_SEND_ASYNC:
        nack = 1;           /* no send_async: only synchronous masters */
        break;
    case I2C_START_SEND:
        /* §1.2: NACK a write while the previous block is being processed. */
        if (se_core_wake(c) || c->busy) {
            nack = 1;
            break;
        }
        s->mode = SE_I2C_WRITE;
        c->rx_len = 0;
        break;
    case I2C_START_RECV:
        if (se_core_wake(c) || c->busy ||
            (c->rd_pos == 0 && c->link.tx_len && t1p_nack_poll(&c->link))) {
            nack = 1;       /* "not ready" to the host (§2.7) */
            break;
        }
        s->mode = SE_I2C_READ;
        break;
    case I2C_FINISH:
        /* An address-only write (a bus probe) carries no block. */
        if (s->mode == SE_I2C_WRITE && c->rx_len) {
            se_core_block_in(c);
        }
        s->mode = SE_I2C_IDLE;
        break;
    case I2C_NACK:
    default:
        break;
    }
    trace_se_i2c_event(i2c->address, event, nack);
    return nack;
}

static int se_i2c_send(I2CSlave *i2c, uint8_t data)
{
    SEI2CState *s = SE_I2C(i2c);
    SECore *c = &s->core;

    if (s->mode != SE_I2C_WRITE) {
        return 1;
    }
    if (c->rx_len >= sizeof(c->rx)) {
        /* Longer than any block: NACK, and let the link refuse it. */
        qemu_log_mask(LOG_GUEST_ERROR, "se-i2c 0x%x: block over %zu bytes\n",
                      i2c->address, sizeof(c->rx));
        c->rx_len = sizeof(c->rx) + 1;
        return 1;
    }
    c->rx[c->rx_len++] = data;
    return 0;
}

static uint8_t se_i2c_recv(I2CSlave *i2c)
{
    SEI2CState *s = SE_I2C(i2c);

    if (s->mode == SE_I2C_READ && se_core_has_response(&s->core)) {
        return se_core_read_byte(&s->core);
    }
    return 0xFF;    /* past the end, or nothing queued (§1.2) */
}

static void se_i2c_realize(DeviceState *dev, Error **errp)
{
    SEI2CState *s = SE_I2C(dev);

    s->core.id = I2C_SLAVE(dev)->address;
    se_core_realize(&s->core, dev, T1P_PLID_I2C, errp);
}

static void se_i2c_unrealize(DeviceState *dev)
{
    se_core_unrealize(&SE_I2C(dev)->core);
}

static void se_i2c_reset_hold(Object *obj, ResetType type)
{
    SEI2CState *s = SE_I2C(obj);

    s->mode = SE_I2C_IDLE;
    se_core_reset(&s->core);
}

static const VMStateDescription vmstate_se_i2c = {
    .name = TYPE_SE_I2C,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_I2C_SLAVE(parent_obj, SEI2CState),
        VMSTATE_UINT8(mode, SEI2CState),
        VMSTATE_STRUCT(core, SEI2CState, 1, vmstate_se_core, SECore),
        VMSTATE_END_OF_LIST()
    },
};

static Property se_i2c_properties[SE_CORE_NUM_PROPS];

static void se_i2c_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    I2CSlaveClass *k = I2C_SLAVE_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Secure element, GlobalPlatform T=1' over I2C";
    dc->realize = se_i2c_realize;
    dc->unrealize = se_i2c_unrealize;
    dc->vmsd = &vmstate_se_i2c;
    se_core_class_set_props(dc, se_i2c_properties,
                            offsetof(SEI2CState, core));
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    rc->phases.hold = se_i2c_reset_hold;
    k->event = se_i2c_event;
    k->send = se_i2c_send;
    k->recv = se_i2c_recv;
}

static const TypeInfo se_i2c_types[] = {
    {
        .name = TYPE_SE_I2C,
        .parent = TYPE_I2C_SLAVE,
        .instance_size = sizeof(SEI2CState),
        .class_init = se_i2c_class_init,
    },
};

DEFINE_TYPES(se_i2c_types)
