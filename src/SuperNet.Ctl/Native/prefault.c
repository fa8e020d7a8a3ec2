/*
 * Linked into supernetctl (SuperNet.Ctl.csproj): before main, asks the kernel to fill the executable's zero-filled
 * data pages in one call. Native AOT's start-up writes ~630 KB there (the "rehydrated" type data, then statics), and
 * on a virtual machine each first write to a page is a fault that costs 15-20 us; filled in one madvise the same
 * pages cost about half (docs/performance.md, "Client CPU"). A kernel without MADV_POPULATE_WRITE (before 5.14)
 * returns EINVAL and the pages fault in one by one as before.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int populate_zero_fill(struct dl_phdr_info *info, size_t size, void *unused)
{
    (void)size;
    (void)unused;
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W))
            continue;
        /* Only the part past the file's bytes: whole pages of it, the first one may share the file's last page. */
        uintptr_t start = (info->dlpi_addr + ph->p_vaddr + ph->p_filesz + 4095) & ~(uintptr_t)4095;
        uintptr_t end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + 4095) & ~(uintptr_t)4095;
        if (end > start)
            madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1; /* the first object reported is the executable itself */
}

__attribute__((constructor)) static void supernetctl_prefault(void)
{
    dl_iterate_phdr(populate_zero_fill, 0);
}
