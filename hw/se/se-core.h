/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SE device core shared by the se-i2c and se-spi front ends: the T=1' link
 * (t1prime.h), the card OS behind it (se-card.h), the busy window of the
 * processing-time model, the response read cursor and the data-ready line.
 * Not a QOM object: each front end embeds one (like TPMState in
 * hw/tpm/tpm_tis_i2c.c).
 */
#ifndef HW_SEIOT_SE_CORE_H
#define HW_SEIOT_SE_CORE_H

#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "qemu/timer.h"
#include "se-card.h"
#include "t1prime.h"

typedef struct SECoreProps {
    uint16_t ifsc;
    uint16_t bwt_ms;
    uint32_t proc_time_us;      /* processing-time model: fixed part */
    uint32_t proc_ns_per_byte;  /* ... and per APDU byte in + out */
    uint32_t wtx_after_ms;
    uint32_t corrupt_crc_every;
    uint32_t nack_storm;
    uint32_t drop_response;
    uint32_t force_wtx;
    bool ready_active_high;
    bool pwt_model;             /* sleep after power-on and S(RELEASE) */
    char *nvm_path;
    int proto;                  /* T1P_PROTO_GP (default) or _SE050 (I2C) */
} SECoreProps;

typedef struct SECore {
    SECoreProps props;
    DeviceState *dev;
    uint32_t id;                /* trace correlator: I2C address or SPI CS */
    qemu_irq ready;             /* optional data-ready output */
    QEMUTimer *busy_timer;      /* end of the processing-time window */
    SECard card;

    /* guest-visible state, all in vmstate_se_core */
    uint8_t busy;               /* processing: NACK (I2C) / 0x00 (SPI) */
    uint8_t ready_level;
    uint32_t rx_len;            /* bytes received of the current block */
    uint32_t rx_want;           /* SPI: bytes of the frame seen (may pass rx) */
    uint32_t rd_pos;            /* read cursor into link.tx (§1.2) */
    int64_t busy_until_ns;
    uint32_t busy_rest_us;      /* model time left after an S(WTX) round */
    uint8_t asleep;             /* pwt-model: the next access wakes the SE */
    uint8_t waking;             /* pwt-model: within PWT of that access */
    uint8_t rx[T1P_BLOCK_MAX];
    t1p_state link;
} SECore;

/* Number of the shared qdev properties (se_core_class_set_props()). */
#define SE_CORE_NUM_PROPS 13

extern const VMStateDescription vmstate_se_core;

/** se_core_realize() - check properties, open the card; false + @errp on error. */
bool se_core_realize(SECore *c, DeviceState *dev, uint8_t plid, Error **errp);
void se_core_unrealize(SECore *c);
/**
 * se_core_class_set_props() - give a front end class the shared properties
 * (test-only fault injection carries QEMU's x- prefix) and their
 * descriptions.  @props: the class's own SE_CORE_NUM_PROPS slots, filled
 * from one template with the offset @core_offset of its SECore.
 */
void se_core_class_set_props(DeviceClass *dc, Property *props,
                             size_t core_offset);
/** se_core_reset() - power-on state of link, card and lines (Resettable hold). */
void se_core_reset(SECore *c);

/** se_core_block_in() - a complete (or cut) host block of rx_len bytes in rx. */
void se_core_block_in(SECore *c);
/** se_core_has_response() - bytes of a response are waiting to be read. */
bool se_core_has_response(const SECore *c);
/** se_core_read_byte() - next response byte; the caller checked has_response. */
uint8_t se_core_read_byte(SECore *c);
/**
 * se_core_wake() - an access to the bus: true if it must be refused because
 * the SE sleeps (power-on or S(RELEASE), pwt-model) or is still waking up.
 */
bool se_core_wake(SECore *c);
/** se_core_discard_response() - a new host block makes a pending one moot. */
void se_core_discard_response(SECore *c);

#endif
