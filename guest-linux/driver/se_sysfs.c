// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: sysfs attributes of
 * /sys/class/misc/seN: bus, interrupt, ifsd, and the groups "cip" (the
 * decoded CIP) and "stats" (link counters).  docs/driver.md lists them.
 */

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/stringify.h>
#include <linux/sysfs.h>

#include "se_internal.h"

static struct se_dev *to_se(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct se_dev, misc);
}

static ssize_t bus_show(struct device *dev, struct device_attribute *attr,
			char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  to_se(dev)->bus == SE_BUS_SPI ? "spi" : "i2c");
}
static DEVICE_ATTR_RO(bus);

static ssize_t interrupt_show(struct device *dev, struct device_attribute *attr,
			      char *buf)
{
	int irq = READ_ONCE(to_se(dev)->irq);

	if (irq > 0)
		return sysfs_emit(buf, "%d\n", irq);
	return sysfs_emit(buf, "polling\n");
}
static DEVICE_ATTR_RO(interrupt);

static ssize_t ifsd_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(to_se(dev)->ifsd));
}

/*
 * A new IFSD is announced with S(IFS) at once and again after S(SWR).  A
 * user whose responses are longer than 254 bytes (a short R-APDU is 258)
 * saves the SE's response chaining, one R(ACK) round trip per APDU.
 */
static ssize_t ifsd_store(struct device *dev, struct device_attribute *attr,
			  const char *buf, size_t count)
{
	struct se_dev *se = to_se(dev);
	unsigned int size;
	int ret;

	ret = kstrtouint(buf, 0, &size);
	if (ret)
		return ret;
	if (size < 1 || size > SE_IFS_MAX)
		return -EINVAL;
	if (mutex_lock_interruptible(&se->lock))
		return -EINTR;
	if (se->dead) {
		ret = -ENODEV;
	} else {
		ret = se_set_ifsd(se, size);
		if (!ret)
			se->ifsd_want = size;
	}
	mutex_unlock(&se->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(ifsd);

static struct attribute *se_attrs[] = {
	&dev_attr_bus.attr,
	&dev_attr_interrupt.attr,
	&dev_attr_ifsd.attr,
	NULL
};

static const struct attribute_group se_group = {
	.attrs = se_attrs,
};

/*
 * The attribute is named with __stringify() rather than __ATTR(): the
 * field name then appears once as an expression in the macro.
 */
#define SE_CIP_ATTR(_field)						\
static ssize_t cip_##_field##_show(struct device *dev,			\
				   struct device_attribute *attr,	\
				   char *buf)				\
{									\
	return sysfs_emit(buf, "%u\n", to_se(dev)->ci._field);		\
}									\
static struct device_attribute dev_attr_cip_##_field = {		\
	.attr = { .name = __stringify(_field), .mode = 0444 },		\
	.show = cip_##_field##_show,					\
}

SE_CIP_ATTR(version);
SE_CIP_ATTR(plid);
SE_CIP_ATTR(bwt_ms);
SE_CIP_ATTR(ifsc);
SE_CIP_ATTR(pwt_ms);
SE_CIP_ATTR(mcf_khz);
SE_CIP_ATTR(pst_ms);
SE_CIP_ATTR(mpot_ms);
SE_CIP_ATTR(rwgt_us);
SE_CIP_ATTR(segt_us);
SE_CIP_ATTR(seal);
SE_CIP_ATTR(wut);

static ssize_t cip_raw_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct se_dev *se = to_se(dev);
	ssize_t ret;

	mutex_lock(&se->lock);
	ret = sysfs_emit(buf, "%*phN\n", (int)se->cip_len, se->cip);
	mutex_unlock(&se->lock);
	return ret;
}

static struct device_attribute dev_attr_cip_raw = __ATTR(raw, 0444,
							 cip_raw_show, NULL);

static ssize_t cip_iin_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	struct se_dev *se = to_se(dev);

	return sysfs_emit(buf, "%*phN\n", se->ci.iin_len, se->ci.iin);
}

static struct device_attribute dev_attr_cip_iin = __ATTR(iin, 0444,
							 cip_iin_show, NULL);

static struct attribute *se_cip_attrs[] = {
	&dev_attr_cip_raw.attr,
	&dev_attr_cip_version.attr,
	&dev_attr_cip_iin.attr,
	&dev_attr_cip_plid.attr,
	&dev_attr_cip_bwt_ms.attr,
	&dev_attr_cip_ifsc.attr,
	&dev_attr_cip_pwt_ms.attr,
	&dev_attr_cip_mcf_khz.attr,
	&dev_attr_cip_pst_ms.attr,
	&dev_attr_cip_mpot_ms.attr,
	&dev_attr_cip_rwgt_us.attr,
	&dev_attr_cip_segt_us.attr,
	&dev_attr_cip_seal.attr,
	&dev_attr_cip_wut.attr,
	NULL
};

static const struct attribute_group se_cip_group = {
	.name = "cip",
	.attrs = se_cip_attrs,
};

#define SE_STAT_ATTR(_field)						\
static ssize_t stat_##_field##_show(struct device *dev,		\
				    struct device_attribute *attr,	\
				    char *buf)				\
{									\
	return sysfs_emit(buf, "%lu\n", READ_ONCE(to_se(dev)->st._field)); \
}									\
static struct device_attribute dev_attr_stat_##_field = {		\
	.attr = { .name = __stringify(_field), .mode = 0444 },		\
	.show = stat_##_field##_show,					\
}

SE_STAT_ATTR(blocks_tx);
SE_STAT_ATTR(blocks_rx);
SE_STAT_ATTR(apdus);
SE_STAT_ATTR(retries);
SE_STAT_ATTR(crc_errors);
SE_STAT_ATTR(errors);
SE_STAT_ATTR(timeouts);
SE_STAT_ATTR(resynchs);
SE_STAT_ATTR(swrs);
SE_STAT_ATTR(wtx);
SE_STAT_ATTR(irqs);

static struct attribute *se_stat_attrs[] = {
	&dev_attr_stat_blocks_tx.attr,
	&dev_attr_stat_blocks_rx.attr,
	&dev_attr_stat_apdus.attr,
	&dev_attr_stat_retries.attr,
	&dev_attr_stat_crc_errors.attr,
	&dev_attr_stat_errors.attr,
	&dev_attr_stat_timeouts.attr,
	&dev_attr_stat_resynchs.attr,
	&dev_attr_stat_swrs.attr,
	&dev_attr_stat_wtx.attr,
	&dev_attr_stat_irqs.attr,
	NULL
};

static const struct attribute_group se_stat_group = {
	.name = "stats",
	.attrs = se_stat_attrs,
};

const struct attribute_group *se_groups[] = {
	&se_group,
	&se_cip_group,
	&se_stat_group,
	NULL
};
