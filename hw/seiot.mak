# Devices of the qemu-system-aarch64 the project builds
# (configs/devices/aarch64-softmmu/seiot.mak in QEMU's tree).
CONFIG_SEIOT_BOARD=y
CONFIG_FSL_IMX8MP_EVK=y
CONFIG_TMP105=y
