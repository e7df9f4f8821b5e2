/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Migration of the card: its RAM state (se_os_context, copied raw: same
 * QEMU binary on both ends; the TLS session is not migrated, see
 * se_card_fixup_pointers()) and a RAM-backed NVM image.  A file-backed
 * image stays on disk, like a flash chip.
 */
#include "qemu/osdep.h"
#include "se-card.h"

/* se_os_context holds two pointers; they are re-aimed after loading. */
static int se_card_post_load(void *opaque, int version_id)
{
    SECard *c = opaque;

    return se_card_fixup_pointers(c) ? 0 : -EINVAL;
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
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = se_card_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER_UNSAFE(prod.os, SECard, 0, sizeof(se_os_context)),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription * const []) {
        &vmstate_se_card_nvm_ram,
        NULL
    },
};
