// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' (GPC_SPE_172) secure element driver: probe and
 * teardown of one SE, its data-ready IRQ, and the module.
 *
 * se_t1prime_probe() is what a bus phy (se_i2c.c, se_spi.c) calls; the
 * rest of the protocol module lives beside this file (se_internal.h).
 * Teardown is devm actions only, and a kref keeps the state alive for
 * files still open after the bus device is unbound.
 */

#include <linux/device.h>
#include <linux/err.h>
#include <linux/idr.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "se_internal.h"

unsigned int se_param_retries = 3;
module_param_named(retries, se_param_retries, uint, 0644);
MODULE_PARM_DESC(retries, "Block retries before S(RESYNCH) (default 3)");

unsigned int se_param_max_wtx = 100;
module_param_named(max_wtx, se_param_max_wtx, uint, 0644);
MODULE_PARM_DESC(max_wtx, "S(WTX) rounds allowed per APDU (default 100)");

static unsigned int ifsd = SE_DEF_IFS;
module_param(ifsd, uint, 0444);
MODULE_PARM_DESC(ifsd, "Host receive size announced by S(IFS), 1..4089 (default 254)");

static bool use_irq = true;
module_param(use_irq, bool, 0444);
MODULE_PARM_DESC(use_irq, "Use the data-ready interrupt when wired (default Y)");

static DEFINE_IDA(se_ida);

void se_free(struct kref *kref)
{
	struct se_dev *se = container_of(kref, struct se_dev, kref);

	if (se->id >= 0)
		ida_free(&se_ida, se->id);
	mutex_destroy(&se->lock);
	kfree(se->tx);
	kfree(se->rx);
	kfree(se);
}

static void se_put_action(void *data)
{
	struct se_dev *se = data;

	kref_put(&se->kref, se_free);
}

/*
 * Runs after the IRQ is freed.  The mapping keeps the type it was requested
 * with, and the next probe's of_irq_get() refuses a mapping whose type
 * differs from the firmware's ("type mismatch"): the driver would come back
 * without its IRQ.  Leave the line as the firmware described it.
 */
static void se_irq_restore_type(void *data)
{
	struct se_dev *se = data;
	int ret;

	ret = irq_set_irq_type(se->irq_line, se->irq_dt_type);
	if (ret)
		dev_warn(se->dev, "cannot restore the type of IRQ %d: %d\n",
			 se->irq_line, ret);
}

/**
 * se_request_irq() - request the data-ready IRQ, edge-triggered
 * @se:  the SE, named already
 * @irq: the IRQ the firmware describes
 *
 * The line stays asserted until the response is read, after the handler:
 * as a level IRQ it would fire again at each enable_irq() (a latched
 * status).  Wait for its edge instead, and have a devm action give the
 * line its firmware type back once the IRQ is freed.
 *
 * Return: 0 or a negative error code.
 */
static int se_request_irq(struct se_dev *se, int irq)
{
	u32 type = irq_get_trigger_type(irq);
	unsigned long flags = IRQF_NO_AUTOEN;
	int ret;

	if (type == IRQ_TYPE_LEVEL_LOW || type == IRQ_TYPE_EDGE_FALLING)
		flags |= IRQF_TRIGGER_FALLING;
	else
		flags |= IRQF_TRIGGER_RISING;
	if (type != IRQ_TYPE_NONE && type != (flags & IRQF_TRIGGER_MASK)) {
		se->irq_line = irq;
		se->irq_dt_type = type;
		/* Registered first, so it runs after the IRQ is freed. */
		ret = devm_add_action_or_reset(se->dev, se_irq_restore_type,
					       se);
		if (ret)
			return ret;
	}
	ret = devm_request_irq(se->dev, irq, se_irq_handler, flags, se->name,
			       se);
	if (ret)
		return dev_err_probe(se->dev, ret, "cannot request IRQ %d\n",
				     irq);
	se->irq = irq;
	return 0;
}

static void se_teardown(void *data)
{
	struct se_dev *se = data;

	misc_deregister(&se->misc);
	/* Waits for a transaction in flight; later ones see dead. */
	mutex_lock(&se->lock);
	se->dead = true;
	mutex_unlock(&se->lock);
}

/*
 * The state of one SE, freed with the last reference: the bound device's
 * (a devm action) or an open file's.
 */
static struct se_dev *se_alloc(struct device *dev)
{
	struct se_dev *se;
	int ret;

	se = kzalloc(sizeof(*se), GFP_KERNEL);
	if (!se)
		return ERR_PTR(-ENOMEM);
	kref_init(&se->kref);
	mutex_init(&se->lock);
	init_completion(&se->ready);
	se->id = -1;
	ret = devm_add_action_or_reset(dev, se_put_action, se);
	if (ret)
		return ERR_PTR(ret);

	/* Separate allocations: the phys may DMA into these. */
	se->tx = kmalloc(SE_BLOCK_MAX, GFP_KERNEL);
	se->rx = kmalloc(SE_BLOCK_MAX, GFP_KERNEL);
	if (!se->tx || !se->rx)
		return ERR_PTR(-ENOMEM);
	se->id = ida_alloc(&se_ida, GFP_KERNEL);
	if (se->id < 0)
		return ERR_PTR(se->id);
	snprintf(se->name, sizeof(se->name), "se%d", se->id);
	se->dev = dev;
	return se;
}

/* The link parameters that hold until the CIP is read (spec §2.6). */
static void se_set_defaults(struct se_dev *se)
{
	se->bwt_ms = SE_DEF_BWT_MS;
	se->pwt_ms = SE_DEF_PWT_MS;
	se->ifsc = SE_DEF_IFS;
	se->ifsd = SE_DEF_IFS;
	se->ifsd_want = ifsd >= 1 && ifsd <= SE_IFS_MAX ? ifsd : SE_DEF_IFS;
	se->params.mpot_us = SE_DEF_MPOT_US;
	se->params.guard_us = se->bus == SE_BUS_SPI ? SE_DEF_SEGT_US :
						      SE_DEF_RWGT_US;
	if (se->ops->configure)
		se->ops->configure(se->phy_id, &se->params);
}

/* /dev/seN with its sysfs groups, deregistered first at teardown. */
static int se_register(struct se_dev *se)
{
	int ret;

	se->misc = (struct miscdevice) {
		.minor = MISC_DYNAMIC_MINOR,
		.name = se->name,
		.fops = &se_fops,
		.parent = se->dev,
		.groups = se_groups,
		.mode = 0600,
	};
	ret = misc_register(&se->misc);
	if (ret)
		return dev_err_probe(se->dev, ret, "cannot register /dev/%s\n",
				     se->name);
	return devm_add_action_or_reset(se->dev, se_teardown, se);
}

/**
 * se_t1prime_probe() - bring up an SE found on a bus
 * @dev:    the bus device; everything is tied to its lifetime (devm)
 * @ops:    phy operations
 * @phy_id: phy context for @ops, valid while @dev is bound
 * @irq:    data-ready interrupt, or <= 0 to poll
 * @bus:    SE_BUS_I2C or SE_BUS_SPI
 *
 * Reads the CIP, sends S(RESYNCH) (and S(IFS) if the ifsd parameter asks
 * for it), then registers /dev/seN.  Open files keep the core state alive
 * after @dev is unbound; they get -ENODEV from then on.
 *
 * Return: 0 or a negative error code.
 */
int se_t1prime_probe(struct device *dev, const struct se_phy_ops *ops,
		     void *phy_id, int irq, enum se_bus bus)
{
	struct se_dev *se;
	int ret;

	se = se_alloc(dev);
	if (IS_ERR(se))
		return PTR_ERR(se);
	se->ops = ops;
	se->phy_id = phy_id;
	se->bus = bus;
	se_set_defaults(se);

	if (irq > 0 && use_irq) {
		ret = se_request_irq(se, irq);
		if (ret)
			return ret;
	}

	mutex_lock(&se->lock);
	ret = se_activate(se);
	mutex_unlock(&se->lock);
	if (ret)
		return dev_err_probe(dev, ret == -ETIMEDOUT ? -ENODEV : ret,
				     "no valid answer to S(CIP)/S(RESYNCH) (%d)\n",
				     ret);

	ret = se_register(se);
	if (ret)
		return ret;

	dev_info(dev, "/dev/%s: GP T=1' over %s, CIP v%u, IFSC %u, BWT %u ms, %s\n",
		 se->name, bus == SE_BUS_SPI ? "SPI" : "I2C", se->ci.version,
		 se->ifsc, se->bwt_ms, se->irq > 0 ? "data-ready IRQ" : "polling");
	return 0;
}
EXPORT_SYMBOL_GPL(se_t1prime_probe);

static int __init se_t1prime_init(void)
{
	return 0;
}
module_init(se_t1prime_init);

static void __exit se_t1prime_exit(void)
{
	ida_destroy(&se_ida);
}
module_exit(se_t1prime_exit);

MODULE_DESCRIPTION("GlobalPlatform T=1' secure element driver: link layer, /dev/seN, sysfs");
MODULE_LICENSE("GPL");
