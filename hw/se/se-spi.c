/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * se-spi: the SE as an SPI (SSI) peripheral speaking GP T=1'
 * (link-t1prime.md §1.2, §2.7).  Full duplex, one byte per transfer:
 *  - while a response is queued, MOSI is don't-care and MISO streams it;
 *  - otherwise MISO is 0x00 (never 0xFF, which Thales hosts take as NAD),
 *    MOSI 0x00/0xFF between blocks are polling dummies, and any other byte
 *    starts a host block that ends after LEN + 6 bytes;
 *  - CS released in mid-block: the partial block gets R(ee=2).
 *
 *   -device se-spi,bus=<ssi bus>,cs=N[,nvm=FILE][,ifsc=..]...
 */
#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/module.h"
#include "hw/ssi/ssi.h"
#include "hw/resettable.h"
#include "hw/seiot/trace.h"
#include "se-core.h"
#include "hw/seiot/se-spi.h"

struct SESPIState {
    SSIPeripheral parent_obj;

    SECore core;
};

static void se_spi_rx_byte(SECore *c, uint8_t b)
{
    if (c->rx_len == 0 && (b == 0x00 || b == 0xFF)) {
        return;                         /* polling dummy */
    }
    if (c->rx_len < sizeof(c->rx)) {
        c->rx[c->rx_len] = b;
    }
    if (c->rx_len <= sizeof(c->rx)) {
        c->rx_len++;                    /* sizeof + 1 marks "too long" */
    }
    c->rx_want++;                       /* bytes seen, unbounded by rx */
    if (c->rx_want == t1p_block_expected_len(c->rx, T1P_PROLOGUE_LEN)) {
        se_core_block_in(c);            /* LEN + 6 bytes: block complete */
    }
}

static uint32_t se_spi_transfer(SSIPeripheral *dev, uint32_t val)
{
    SECore *c = &SE_SPI(dev)->core;

    if (se_core_wake(c)) {
        return 0x00;                    /* asleep or waking: not listening */
    }
    if (se_core_has_response(c)) {
        if (c->rd_pos == 0 && t1p_nack_poll(&c->link)) {
            return 0x00;                /* nack-storm: "not ready" */
        }
        return se_core_read_byte(c);
    }
    se_spi_rx_byte(c, (uint8_t)val);
    return 0x00;
}

/* @level is the line level; SSI_CS_LOW: high means released. */
static int se_spi_set_cs(SSIPeripheral *dev, bool level)
{
    SESPIState *s = SE_SPI(dev);
    SECore *c = &s->core;

    trace_se_spi_cs(dev->cs_index, level);
    if (level && c->rx_len) {
        trace_se_spi_cut(dev->cs_index, c->rx_want);
        se_core_block_in(c);            /* partial: the link answers R(ee=2) */
    }
    return 0;
}

static void se_spi_realize(SSIPeripheral *dev, Error **errp)
{
    SESPIState *s = SE_SPI(dev);

    s->core.id = dev->cs_index;
    se_core_realize(&s->core, DEVICE(dev), T1P_PLID_SPI, errp);
}

static void se_spi_unrealize(DeviceState *dev)
{
    se_core_unrealize(&SE_SPI(dev)->core);
}

static void se_spi_reset_hold(Object *obj, ResetType type)
{
    se_core_reset(&SE_SPI(obj)->core);
}

static const VMStateDescription vmstate_se_spi = {
    .name = TYPE_SE_SPI,
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_SSI_PERIPHERAL(parent_obj, SESPIState),
        VMSTATE_STRUCT(core, SESPIState, 1, vmstate_se_core, SECore),
        VMSTATE_END_OF_LIST()
    },
};

static Property se_spi_properties[SE_CORE_NUM_PROPS];

static void se_spi_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    SSIPeripheralClass *k = SSI_PERIPHERAL_CLASS(klass);
    ResettableClass *rc = RESETTABLE_CLASS(klass);

    dc->desc = "Secure element, GlobalPlatform T=1' over SPI";
    dc->unrealize = se_spi_unrealize;
    dc->vmsd = &vmstate_se_spi;
    /* Reason: its chip-select line must be wired up by the board (ssi-sd) */
    dc->user_creatable = false;
    se_core_class_set_props(dc, se_spi_properties,
                            offsetof(SESPIState, core));
    set_bit(DEVICE_CATEGORY_MISC, dc->categories);
    rc->phases.hold = se_spi_reset_hold;
    k->realize = se_spi_realize;
    k->transfer = se_spi_transfer;
    k->set_cs = se_spi_set_cs;
    k->cs_polarity = SSI_CS_LOW;
}

static const TypeInfo se_spi_types[] = {
    {
        .name = TYPE_SE_SPI,
        .parent = TYPE_SSI_PERIPHERAL,
        .instance_size = sizeof(SESPIState),
        .class_init = se_spi_class_init,
    },
};

DEFINE_TYPES(se_spi_types)
