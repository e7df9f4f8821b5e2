/* Minimal Cortex-M33 start-up: vector table, .data copy, .bss clear, main. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

void Reset_Handler(void)
{
	uint32_t *s = &_sidata, *d = &_sdata;

	while (d < &_edata)
		*d++ = *s++;
	for (d = &_sbss; d < &_ebss;)
		*d++ = 0;
	main();
	for (;;)
		;
}

static void Default_Handler(void)
{
	for (;;)
		;
}

__attribute__((section(".isr_vector"), used)) static void *const vectors[16] = {
	&_estack, (void *)Reset_Handler, (void *)Default_Handler, (void *)Default_Handler,
};
