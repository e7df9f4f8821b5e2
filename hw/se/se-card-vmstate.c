/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration of the card: its RAM state as the firmware's versioned state
 * blob (se_product_save_state(): explicit fields, no pointers, so any QEMU
 * process with this card library can load it), in the manner of the TPM
 * emulator's state blobs, and a RAM-backed NVM image.  A file-backed image
 * stays on disk, like a flash chip.  The TLS session is not migrated: the
 * load resets the TLS Manager (the DE reconnects).
 */
#include "qemu/osdep.h"
#include "qemu/error-report.h"
#include "se-card.h"

static int se_card_pre_save(void *opaque)
{
    SECard *c = opaque;
    size_t len;
    int rc;

    g_free(c->state);
    c->state = g_malloc(SE_PRODUCT_STATE_MAX);
    rc = se_product_save_state(&c->prod, c->state, SE_PRODUCT_STATE_MAX, &len);
    if (rc != SE_OK) {
        error_report("se card: cannot save its state: %s",
                     se_os_state_error(rc));
        return -EINVAL;
    }
    c->state_len = len;
    return 0;
}

static int se_card_post_save(void *opaque)
{
    SECard *c = opaque;

    g_clear_pointer(&c->state, g_free);
    c->state_len = 0;
    return 0;
}

/*
 * The blob is checked before anything is applied; a refused one fails the
 * load with its reason, and the card goes through a cold reset over the
 * (possibly migrated) NVM image instead of running on a state it never had.
 */
static int se_card_post_load(void *opaque, int version_id)
{
    SECard *c = opaque;
    int rc = se_product_load_state(&c->prod, c->state, c->state_len);

    g_clear_pointer(&c->state, g_free);
    c->state_len = 0;
    if (rc != SE_OK) {
        error_report("se card: refusing the incoming card state: %s",
                     se_os_state_error(rc));
        se_product_reset(&c->prod, 1);
        return -EINVAL;
    }
    return 0;
}

/* Before the blob is allocated: no size from the stream beyond a blob's. */
static bool se_card_state_len_ok(void *opaque, int version_id)
{
    SECard *c = opaque;

    if (c->state_len > SE_PRODUCT_STATE_MAX) {
        error_report("se card: incoming card state of %u bytes (at most %u)",
                     c->state_len, (unsigned)SE_PRODUCT_STATE_MAX);
        return false;
    }
    return true;
}

static bool se_card_nvm_ram_needed(void *opaque)
{
    SECard *c = opaque;

    return c->nvm_ram != NULL;
}

static const VMStateDescription vmstate_se_card_nvm_ram = {
    .name = "seiot-se-card/nvm-ram",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = se_card_nvm_ram_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER_POINTER_UNSAFE(nvm_ram, SECard, 0, SE_OS_NVM_SIZE),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_se_card = {
    .name = "seiot-se-card",
    .version_id = 2,
    .minimum_version_id = 2,
    .pre_save = se_card_pre_save,
    .post_save = se_card_post_save,
    .post_load = se_card_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(state_len, SECard),
        VMSTATE_VALIDATE("seiot-se-card/state-len", se_card_state_len_ok),
        VMSTATE_VBUFFER_ALLOC_UINT32(state, SECard, 0, NULL, state_len),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_se_card_nvm_ram,
        NULL
    },
};
