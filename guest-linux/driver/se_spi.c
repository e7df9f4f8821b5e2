// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: SPI phy.
 *
 * The host clocks a block out in one access (chip select held, split in
 * transfers of at most SEAL bytes).  To read, it clocks dummy 0x00 bytes:
 * the SE returns 0x00 filler while idle or busy, then its block, which
 * starts at the first byte that is neither 0x00 nor 0xFF (spec §1.2).
 */

#include <linux/delay.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spi/spi.h>

#include "se_t1prime.h"

/* Poll size: a NAD found here is followed by most of the prologue. */
#define SE_SPI_FIRST_READ	32

/**
 * struct se_spi_phy - SPI phy context
 * @spi:      the SE's SPI device
 * @seal:     largest transfer per access (CIP SEAL), 0 for no limit
 * @guard_us: SEGT, the guard time between two accesses
 */
struct se_spi_phy {
	struct spi_device *spi;
	u32 seal;
	u32 guard_us;
};

/* One access: @len bytes under one chip select, in SEAL-sized transfers. */
static int se_spi_xfer(struct se_spi_phy *phy, const u8 *tx, u8 *rx,
		       size_t len)
{
	size_t chunk = phy->seal ? phy->seal : len;
	size_t n = DIV_ROUND_UP(len, chunk), i;
	struct spi_transfer one = { }, *t = &one;
	struct spi_message m;
	int ret;

	if (n > 1) {
		t = kcalloc(n, sizeof(*t), GFP_KERNEL);
		if (!t)
			return -ENOMEM;
	}
	spi_message_init(&m);
	for (i = 0; i < n; i++) {
		size_t off = i * chunk;

		t[i].len = min(chunk, len - off);
		if (tx)
			t[i].tx_buf = tx + off;
		if (rx)
			t[i].rx_buf = rx + off;
		spi_message_add_tail(&t[i], &m);
	}
	ret = spi_sync(phy->spi, &m);
	if (n > 1)
		kfree(t);
	return ret;
}

static int se_spi_send(void *phy_id, const u8 *buf, size_t len)
{
	return se_spi_xfer(phy_id, buf, NULL, len);
}

static int se_spi_more(struct se_spi_phy *phy, u8 *buf, size_t len)
{
	if (phy->guard_us)
		fsleep(phy->guard_us);
	return se_spi_xfer(phy, NULL, buf, len);
}

static int se_spi_recv(void *phy_id, u8 *buf, size_t cap)
{
	struct se_spi_phy *phy = phy_id;
	size_t first = min_t(size_t, cap, SE_SPI_FIRST_READ);
	size_t i, have, total;
	int ret;

	ret = se_spi_xfer(phy, NULL, buf, first);
	if (ret)
		return ret;
	for (i = 0; i < first && (buf[i] == 0x00 || buf[i] == 0xff); i++)
		;
	if (i == first)
		return -EAGAIN;
	if (!se_nad_valid(buf[i]))
		return -EBADMSG;
	have = first - i;
	memmove(buf, buf + i, have);
	if (have < SE_PROLOGUE_LEN) {
		ret = se_spi_more(phy, buf + have, SE_PROLOGUE_LEN - have);
		if (ret)
			return ret;
		have = SE_PROLOGUE_LEN;
	}
	total = get_unaligned_be16(buf + 2) + SE_OVERHEAD;
	if (total > cap)
		return -EBADMSG;
	if (total > have) {
		ret = se_spi_more(phy, buf + have, total - have);
		if (ret)
			return ret;
	}
	return total;
}

static void se_spi_configure(void *phy_id, const struct se_link_params *p)
{
	struct se_spi_phy *phy = phy_id;

	phy->seal = p->seal;
	phy->guard_us = p->guard_us;
}

static const struct se_phy_ops se_spi_phy_ops = {
	.send = se_spi_send,
	.recv = se_spi_recv,
	.configure = se_spi_configure,
};

static int se_spi_probe(struct spi_device *spi)
{
	struct se_spi_phy *phy;
	int ret;

	phy = devm_kzalloc(&spi->dev, sizeof(*phy), GFP_KERNEL);
	if (!phy)
		return -ENOMEM;
	phy->spi = spi;
	spi->bits_per_word = 8;
	ret = spi_setup(spi);
	if (ret)
		return dev_err_probe(&spi->dev, ret, "SPI setup failed\n");
	return se_t1prime_probe(&spi->dev, &se_spi_phy_ops, phy, spi->irq,
				SE_BUS_SPI);
}

static const struct of_device_id se_spi_of_match[] = {
	{ .compatible = "seiot,se-t1prime" },	/* docs/bindings/seiot,se-t1prime.yaml */
	{ }
};
MODULE_DEVICE_TABLE(of, se_spi_of_match);

static const struct spi_device_id se_spi_id[] = {
	{ "se-t1prime", 0 },
	{ }
};
MODULE_DEVICE_TABLE(spi, se_spi_id);

static struct spi_driver se_spi_driver = {
	.driver = {
		.name = "se-t1prime-spi",
		.of_match_table = se_spi_of_match,
	},
	.probe = se_spi_probe,
	.id_table = se_spi_id,
};
module_spi_driver(se_spi_driver);

MODULE_DESCRIPTION("GlobalPlatform T=1' secure element driver, SPI phy");
MODULE_LICENSE("GPL");
