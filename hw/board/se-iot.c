/*
 * se-iot: the terminal T of JP6965790B2 as an i.MX 8M Plus based board.
 *
 * The DE's CPU is QEMU's FSL_IMX8MP SoC (as on the imx8mp-evk machine), with
 * the FEC Ethernet and a tmp105 temperature sensor (the patent's sensor 4) on
 * I2C3. It boots Debian's stock kernel with the stock imx8mp-evk.dtb; the
 * device tree is fixed at boot so that unmodelled parts do not block drivers,
 * and nodes are added for what this board adds.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "exec/address-spaces.h"
#include "hw/arm/boot.h"
#include "hw/arm/fsl-imx8mp.h"
#include "hw/boards.h"
#include "hw/i2c/i2c.h"
#include "hw/qdev-properties.h"
#include "system/qtest.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "hw/seiot/trace.h"
#include <libfdt.h>

#define TYPE_SE_IOT_MACHINE MACHINE_TYPE_NAME("se-iot")
OBJECT_DECLARE_SIMPLE_TYPE(SeIotMachineState, SE_IOT_MACHINE)

/* I2C3 (guest i2c-2, QEMU i2c-bus.2) carries the sensor; its DT alias. */
#define SE_IOT_SENSOR_I2C_BUS   2
#define SE_IOT_SENSOR_I2C_ALIAS "i2c2"
#define SE_IOT_TMP105_ADDR      0x49

struct SeIotMachineState {
    MachineState parent_obj;

    FslImx8mpState soc;
    struct arm_boot_info boot_info;
    I2CSlave *tmp105;
};

/* Delete a property if present: fdt_delprop() on a missing one is no error. */
static void se_iot_fdt_del(void *fdt, int node, const char *prop)
{
    if (node >= 0 && fdt_getprop(fdt, node, prop, NULL)) {
        fdt_delprop(fdt, node, prop);
    }
}

static void se_iot_fdt_disable_compatible(void *fdt, const char *compat)
{
    int node = fdt_node_offset_by_compatible(fdt, -1, compat);

    while (node >= 0) {
        fdt_setprop_string(fdt, node, "status", "disabled");
        node = fdt_node_offset_by_compatible(fdt, node, compat);
    }
}

/* The same fixups as QEMU's imx8mp-evk machine: FlexSPI and CPU idle. */
static void se_iot_fixup_soc(void *fdt)
{
    int node = fdt_node_offset_by_compatible(fdt, -1, "nxp,imx8mp-fspi");

    while (node >= 0) {
        fdt_nop_node(fdt, node);
        node = fdt_node_offset_by_compatible(fdt, -1, "nxp,imx8mp-fspi");
    }
    node = fdt_node_offset_by_compatible(fdt, -1, "arm,cortex-a53");
    while (node >= 0) {
        fdt_nop_property(fdt, node, "cpu-idle-states");
        node = fdt_node_offset_by_compatible(fdt, node, "arm,cortex-a53");
    }
}

/*
 * FEC: its PHY reset line sits on the unmodelled pca953x and its MAC address
 * on the unmodelled OCOTP, so both would defer the probe forever. The EQOS
 * MAC is not modelled at all.
 */
static void se_iot_fixup_ethernet(void *fdt)
{
    int fec = fdt_node_offset_by_compatible(fdt, -1, "fsl,imx8mp-fec");

    if (fec >= 0) {
        const fdt32_t *phandle = fdt_getprop(fdt, fec, "phy-handle", NULL);

        se_iot_fdt_del(fdt, fec, "nvmem-cells");
        se_iot_fdt_del(fdt, fec, "nvmem-cell-names");
        if (phandle) {
            int phy = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*phandle));

            se_iot_fdt_del(fdt, phy, "reset-gpios");
        }
    }
    se_iot_fdt_disable_compatible(fdt, "nxp,imx8mp-dwmac-eqos");
}

static int se_iot_fdt_add_i2c_child(void *fdt, const char *bus_alias,
                                    const char *name, const char *compat,
                                    uint32_t addr)
{
    const char *bus_path = fdt_get_alias(fdt, bus_alias);
    int bus, node;

    if (!bus_path) {
        return -FDT_ERR_NOTFOUND;
    }
    bus = fdt_path_offset(fdt, bus_path);
    if (bus < 0) {
        return bus;
    }
    node = fdt_add_subnode(fdt, bus, name);
    if (node < 0) {
        return node;
    }
    fdt_setprop_string(fdt, node, "compatible", compat);
    fdt_setprop_cell(fdt, node, "reg", addr);
    fdt_setprop_string(fdt, node, "status", "okay");
    return node;
}

static void se_iot_modify_dtb(const struct arm_boot_info *info, void *fdt)
{
    g_autofree char *name = g_strdup_printf("temperature-sensor@%x",
                                            SE_IOT_TMP105_ADDR);
    int ret;

    se_iot_fixup_soc(fdt);
    se_iot_fixup_ethernet(fdt);
    /* The I2C3 port expander is not modelled: keep its probe out of boot. */
    se_iot_fdt_disable_compatible(fdt, "ti,tca6416");

    ret = se_iot_fdt_add_i2c_child(fdt, SE_IOT_SENSOR_I2C_ALIAS, name,
                                   "ti,tmp105", SE_IOT_TMP105_ADDR);
    if (ret < 0) {
        warn_report("se-iot: cannot add the tmp105 DT node: %s",
                    fdt_strerror(ret));
    }
    trace_se_iot_dtb_fixed(fdt_totalsize(fdt));
}

static void se_iot_init(MachineState *machine)
{
    SeIotMachineState *s = SE_IOT_MACHINE(machine);
    I2CBus *sensor_bus;

    if (machine->ram_size > FSL_IMX8MP_RAM_SIZE_MAX) {
        error_report("RAM size " RAM_ADDR_FMT " above max supported (%08" PRIx64 ")",
                     machine->ram_size, FSL_IMX8MP_RAM_SIZE_MAX);
        exit(1);
    }

    object_initialize_child(OBJECT(machine), "soc", &s->soc, TYPE_FSL_IMX8MP);
    object_property_set_uint(OBJECT(&s->soc), "fec1-phy-num", 1, &error_fatal);
    sysbus_realize(SYS_BUS_DEVICE(&s->soc), &error_fatal);
    memory_region_add_subregion(get_system_memory(), FSL_IMX8MP_RAM_START,
                                machine->ram);

    sensor_bus = s->soc.i2c[SE_IOT_SENSOR_I2C_BUS].bus;
    /* A stable QOM path, /machine/sensor, for qom-set of "temperature". */
    s->tmp105 = i2c_slave_new("tmp105", SE_IOT_TMP105_ADDR);
    object_property_add_child(OBJECT(machine), "sensor", OBJECT(s->tmp105));
    i2c_slave_realize_and_unref(s->tmp105, sensor_bus, &error_fatal);

    s->boot_info = (struct arm_boot_info) {
        .loader_start = FSL_IMX8MP_RAM_START,
        .board_id = -1,
        .ram_size = machine->ram_size,
        .psci_conduit = QEMU_PSCI_CONDUIT_SMC,
        .modify_dtb = se_iot_modify_dtb,
    };
    if (!qtest_enabled()) {
        arm_load_kernel(&s->soc.cpu[0], machine, &s->boot_info);
    }
}

static void se_iot_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "se-iot terminal (i.MX 8M Plus, tmp105 sensor, secure element)";
    mc->init = se_iot_init;
    mc->max_cpus = FSL_IMX8MP_NUM_CPUS;
    mc->default_ram_id = "se-iot.ram";
    mc->default_ram_size = 1 * GiB;
}

static const TypeInfo se_iot_machine_types[] = {
    {
        .name          = TYPE_SE_IOT_MACHINE,
        .parent        = TYPE_MACHINE,
        .instance_size = sizeof(SeIotMachineState),
        .class_init    = se_iot_machine_class_init,
    },
};

DEFINE_TYPES(se_iot_machine_types)
