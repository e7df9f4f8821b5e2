// SPDX-License-Identifier: GPL-2.0
/*
 * GlobalPlatform T=1' secure element driver: the character device.
 *
 * User ABI (se_uapi.h): /dev/seN, one write() is one command APDU and the
 * next read() its response; O_NONBLOCK and poll(); ioctls for the CIP,
 * RESYNCH/SWR and RELEASE.  Each open file has its own buffers and state;
 * the link is shared and serialised by se_dev.lock.
 */

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "se_internal.h"

enum se_file_state {
	SE_FILE_IDLE,	/* a command may be written */
	SE_FILE_BUSY,	/* the command is on the link */
	SE_FILE_DONE,	/* the response (or the error) waits for read() */
};

/**
 * struct se_file - one open /dev/seN
 * @se:      the SE (a reference is held)
 * @lock:    protects @state, @err and @rsp_len
 * @wq:      readers and pollers wait here for @state changes
 * @work:    runs the transaction of an O_NONBLOCK write()
 * @state:   enum se_file_state
 * @err:     result of the transaction for read()
 * @cmd_len: bytes in @cmd
 * @rsp_len: bytes in @rsp
 * @cmd:     command APDU
 * @rsp:     response APDU
 */
struct se_file {
	struct se_dev *se;
	struct mutex lock;	/* state, err, rsp_len */
	wait_queue_head_t wq;
	struct work_struct work;
	int state;
	int err;
	size_t cmd_len;
	size_t rsp_len;
	u8 *cmd;
	u8 *rsp;
};

/* Run the file's command on the link; the file is SE_FILE_BUSY. */
static int se_file_run(struct se_file *f, bool intr)
{
	struct se_dev *se = f->se;
	size_t rlen = 0;
	int ret;

	if (intr) {
		if (mutex_lock_interruptible(&se->lock))
			return -EINTR;
	} else {
		mutex_lock(&se->lock);
	}
	ret = se_transceive(se, f->cmd, f->cmd_len, f->rsp, SE_APDU_RSP_MAX,
			    &rlen);
	mutex_unlock(&se->lock);
	f->rsp_len = ret ? 0 : rlen;
	return ret;
}

static void se_file_work(struct work_struct *work)
{
	struct se_file *f = container_of(work, struct se_file, work);
	int ret = se_file_run(f, false);

	mutex_lock(&f->lock);
	f->err = ret;
	f->state = SE_FILE_DONE;
	mutex_unlock(&f->lock);
	wake_up_interruptible(&f->wq);
}

static int se_open(struct inode *inode, struct file *file)
{
	struct se_dev *se = container_of(file->private_data, struct se_dev,
					 misc);
	struct se_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->cmd = kvmalloc(SE_APDU_CMD_MAX, GFP_KERNEL);
	if (!f->cmd)
		goto err_free_file;
	f->rsp = kvmalloc(SE_APDU_RSP_MAX, GFP_KERNEL);
	if (!f->rsp)
		goto err_free_cmd;
	mutex_init(&f->lock);
	init_waitqueue_head(&f->wq);
	INIT_WORK(&f->work, se_file_work);
	/* misc_open() runs us under misc_mtx: se cannot go away here. */
	kref_get(&se->kref);
	f->se = se;
	file->private_data = f;
	return stream_open(inode, file);

err_free_cmd:
	kvfree(f->cmd);
err_free_file:
	kfree(f);
	return -ENOMEM;
}

static int se_release(struct inode *inode, struct file *file)
{
	struct se_file *f = file->private_data;

	cancel_work_sync(&f->work);
	kref_put(&f->se->kref, se_free);
	mutex_destroy(&f->lock);
	kvfree(f->rsp);
	kvfree(f->cmd);
	kfree(f);
	return 0;
}

static ssize_t se_write(struct file *file, const char __user *buf,
			size_t count, loff_t *ppos)
{
	struct se_file *f = file->private_data;
	ssize_t ret;

	if (count < 4)
		return -EINVAL;		/* CLA INS P1 P2 at least */
	if (count > SE_APDU_CMD_MAX)
		return -E2BIG;
	mutex_lock(&f->lock);
	if (f->state != SE_FILE_IDLE) {
		ret = -EBUSY;
		goto out_unlock;
	}
	if (copy_from_user(f->cmd, buf, count)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	f->cmd_len = count;
	f->state = SE_FILE_BUSY;
	if (file->f_flags & O_NONBLOCK) {
		queue_work(system_unbound_wq, &f->work);
		ret = count;
		goto out_unlock;
	}
	mutex_unlock(&f->lock);

	ret = se_file_run(f, true);

	mutex_lock(&f->lock);
	if (ret) {
		f->state = SE_FILE_IDLE;
	} else {
		f->err = 0;
		f->state = SE_FILE_DONE;
		ret = count;
	}
	wake_up_interruptible(&f->wq);
out_unlock:
	mutex_unlock(&f->lock);
	return ret;
}

static ssize_t se_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct se_file *f = file->private_data;
	ssize_t ret;

	mutex_lock(&f->lock);
	while (f->state == SE_FILE_BUSY) {
		mutex_unlock(&f->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(f->wq, READ_ONCE(f->state) !=
					     SE_FILE_BUSY))
			return -ERESTARTSYS;
		mutex_lock(&f->lock);
	}
	if (f->state == SE_FILE_IDLE) {
		ret = -ENODATA;		/* no command written */
		goto out_unlock;
	}
	if (f->err) {
		ret = f->err;
		f->state = SE_FILE_IDLE;
		goto out_wake;
	}
	if (count < f->rsp_len) {
		ret = -EMSGSIZE;	/* kept: read again with a larger buffer */
		goto out_unlock;
	}
	if (copy_to_user(buf, f->rsp, f->rsp_len)) {
		ret = -EFAULT;
		goto out_unlock;
	}
	ret = f->rsp_len;
	f->state = SE_FILE_IDLE;
out_wake:
	wake_up_interruptible(&f->wq);
out_unlock:
	mutex_unlock(&f->lock);
	return ret;
}

static __poll_t se_poll(struct file *file, poll_table *wait)
{
	struct se_file *f = file->private_data;
	__poll_t mask = 0;

	poll_wait(file, &f->wq, wait);
	mutex_lock(&f->lock);
	if (f->state == SE_FILE_DONE)
		mask |= EPOLLIN | EPOLLRDNORM;
	else if (f->state == SE_FILE_IDLE)
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&f->lock);
	if (READ_ONCE(f->se->dead))
		mask |= EPOLLHUP;
	return mask;
}

static long se_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct se_file *f = file->private_data;
	struct se_dev *se = f->se;
	struct se_cip cip;
	long ret;

	switch (cmd) {
	case SE_IOC_GET_CIP:
	case SE_IOC_RESET:
	case SE_IOC_RELEASE:
		break;
	default:
		return -ENOTTY;
	}
	if (cmd == SE_IOC_RESET && arg != SE_RESET_RESYNCH &&
	    arg != SE_RESET_SWR)
		return -EINVAL;

	mutex_lock(&f->lock);
	if (f->state == SE_FILE_BUSY) {
		mutex_unlock(&f->lock);
		return -EBUSY;
	}
	if (cmd == SE_IOC_RESET)
		f->state = SE_FILE_IDLE;	/* drop an unread response */
	mutex_unlock(&f->lock);

	if (mutex_lock_interruptible(&se->lock))
		return -EINTR;
	if (se->dead) {
		ret = -ENODEV;
	} else if (cmd == SE_IOC_GET_CIP) {
		ret = se_read_cip(se);
		memset(&cip, 0, sizeof(cip));
		cip.len = se->cip_len;
		memcpy(cip.data, se->cip, se->cip_len);
	} else if (cmd == SE_IOC_RESET && arg == SE_RESET_SWR) {
		ret = se_swr(se);
		if (!ret)
			se_set_ifsd(se, se->ifsd_want);
	} else if (cmd == SE_IOC_RESET) {
		ret = se_resynch(se);
	} else {
		struct se_block b;

		ret = se_s_exchange(se, SE_S_RELEASE, NULL, 0, &b);
	}
	mutex_unlock(&se->lock);

	if (!ret && cmd == SE_IOC_GET_CIP &&
	    copy_to_user((void __user *)arg, &cip, sizeof(cip)))
		ret = -EFAULT;
	return ret;
}

const struct file_operations se_fops = {
	.owner = THIS_MODULE,
	.open = se_open,
	.release = se_release,
	.read = se_read,
	.write = se_write,
	.poll = se_poll,
	.unlocked_ioctl = se_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};
