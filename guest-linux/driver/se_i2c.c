// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: I2C phy.
 *
 * One block is one I2C write.  While the SE is busy it NACKs its address:
 * a NACKed write is retried by the core, a NACKed read means "no block
 * yet".  The SE keeps its read cursor across read transactions (spec
 * §2.7), so a block is read as a prefix that holds short blocks whole,
 * then the rest when LEN asks for more.
 */

#include <linux/delay.h>
#include <linux/i2c.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>

#include <linux/version.h>

#include "se_t1prime.h"

/*
 * First read: a whole R-block (6 bytes) or an I-block carrying only SW1 SW2
 * (8 bytes), the SE's most frequent answers (every chained command segment,
 * most plain APDUs).  Each byte of an I2C read costs as much as on the wire,
 * so reading 32 bytes there wasted 24-26 per block; longer blocks take a
 * second read either way.
 */
#define SE_I2C_FIRST_READ	8
/* NACKs tolerated when reading the rest of a block already started. */
#define SE_I2C_RETRIES		10

/**
 * struct se_i2c_phy - I2C phy context
 * @client:   the SE's I2C client
 * @guard_us: RWGT, the guard time between two transactions
 */
struct se_i2c_phy {
	struct i2c_client *client;
	u32 guard_us;
};

/*
 * Address NACK (i2c-imx: -ENXIO) or a lost arbitration: try again later.
 * -ETIMEDOUT too: QEMU's imx_i2c raises no interrupt for a NACKed address,
 * so i2c-imx reports the NACK only when its transfer timeout expires.  The
 * core bounds the retries by BWT either way.
 */
static bool se_i2c_nack(int ret)
{
	return ret == -ENXIO || ret == -EREMOTEIO || ret == -EAGAIN ||
	       ret == -ETIMEDOUT;
}

static int se_i2c_send(void *phy_id, const u8 *buf, size_t len)
{
	struct se_i2c_phy *phy = phy_id;
	int ret;

	ret = i2c_master_send(phy->client, buf, len);
	if (se_i2c_nack(ret))
		return -EBUSY;
	if (ret < 0)
		return ret;
	return ret == len ? 0 : -EIO;
}

static int se_i2c_read(struct se_i2c_phy *phy, u8 *buf, size_t len)
{
	int ret;

	ret = i2c_master_recv(phy->client, buf, len);
	if (se_i2c_nack(ret))
		return -EAGAIN;
	if (ret < 0)
		return ret;
	return ret == len ? 0 : -EIO;
}

static int se_i2c_recv(void *phy_id, u8 *buf, size_t cap)
{
	struct se_i2c_phy *phy = phy_id;
	size_t first = min_t(size_t, cap, SE_I2C_FIRST_READ);
	size_t total;
	int i, ret;

	ret = se_i2c_read(phy, buf, first);
	if (ret)
		return ret;
	/* An ACKed read of filler (0x00/0xFF) is "not ready" too. */
	if (!se_nad_valid(buf[0]))
		return -EAGAIN;
	total = get_unaligned_be16(buf + 2) + SE_OVERHEAD;
	if (total > cap)
		return -EBADMSG;
	for (i = 0; total > first; i++) {
		if (phy->guard_us)
			fsleep(phy->guard_us);
		ret = se_i2c_read(phy, buf + first, total - first);
		if (!ret)
			break;
		/* Mid-block: "not ready" would desynchronise the cursor. */
		if (ret != -EAGAIN || i >= SE_I2C_RETRIES)
			return ret == -EAGAIN ? -EIO : ret;
	}
	return total;
}

static void se_i2c_configure(void *phy_id, const struct se_link_params *p)
{
	struct se_i2c_phy *phy = phy_id;

	phy->guard_us = p->guard_us;
}

static const struct se_phy_ops se_i2c_phy_ops = {
	.send = se_i2c_send,
	.recv = se_i2c_recv,
	.configure = se_i2c_configure,
};

static int se_i2c_probe(struct i2c_client *client)
{
	struct se_i2c_phy *phy;

	if (!i2c_check_functionality(client->adapter, I2C_FUNC_I2C))
		return dev_err_probe(&client->dev, -ENODEV,
				     "adapter cannot do plain I2C transfers\n");
	phy = devm_kzalloc(&client->dev, sizeof(*phy), GFP_KERNEL);
	if (!phy)
		return -ENOMEM;
	phy->client = client;
	return se_t1prime_probe(&client->dev, &se_i2c_phy_ops, phy, client->irq,
				SE_BUS_I2C);
}

static const struct of_device_id se_i2c_of_match[] = {
	{ .compatible = "seiot,se-t1prime" },	/* docs/bindings/seiot,se-t1prime.yaml */
	{ }
};
MODULE_DEVICE_TABLE(of, se_i2c_of_match);

static const struct i2c_device_id se_i2c_id[] = {
	{ "se-t1prime", 0 },
	{ }
};
MODULE_DEVICE_TABLE(i2c, se_i2c_id);

static struct i2c_driver se_i2c_driver = {
	.driver = {
		.name = "se-t1prime-i2c",
		.of_match_table = se_i2c_of_match,
	},
/* One-argument .probe since 6.3; .probe_new until then. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	.probe = se_i2c_probe,
#else
	.probe_new = se_i2c_probe,
#endif
	.id_table = se_i2c_id,
};
module_i2c_driver(se_i2c_driver);

MODULE_DESCRIPTION("GlobalPlatform T=1' secure element driver, I2C phy");
MODULE_LICENSE("GPL");
