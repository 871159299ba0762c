/* SPDX-License-Identifier: MIT */
/*
 * Microsoft's source-code annotation language (SAL 1 and 2) as the
 * annotations drivers write: they document parameters for Microsoft's static
 * analyser and expand to nothing for the compiler, here as in any build
 * without /analyze.
 */
#ifndef SAL_H
#define SAL_H

/* SAL 1 */
#define __in
#define __in_opt
#define __out
#define __out_opt
#define __inout
#define __inout_opt
#define __in_bcount(size)
#define __in_bcount_opt(size)
#define __in_ecount(size)
#define __in_ecount_opt(size)
#define __out_bcount(size)
#define __out_bcount_opt(size)
#define __out_ecount(size)
#define __out_ecount_opt(size)
#define __inout_bcount(size)
#define __inout_ecount(size)
#define __deref_out
#define __deref_out_opt
#define __deref_in
#define __reserved
#define __checkReturn
#define __drv_maxIRQL(irql)
#define __drv_minIRQL(irql)
#define __drv_requiresIRQL(irql)
#define __drv_raisesIRQL(irql)
#define __drv_savesIRQL
#define __drv_restoresIRQL
#define __drv_dispatchType(type)
#define __drv_allocatesMem(kind)
#define __drv_freesMem(kind)
#define __drv_aliasesMem
#define __drv_when(cond, annotes)
#define __drv_functionClass(name)
#define __drv_sameIRQL
#define __drv_valueIs(arg)
#define __success(expr)

/* SAL 2 */
#define _In_
#define _In_opt_
#define _In_z_
#define _In_opt_z_
#define _In_reads_(size)
#define _In_reads_opt_(size)
#define _In_reads_bytes_(size)
#define _In_reads_bytes_opt_(size)
#define _In_range_(lo, hi)
#define _Out_
#define _Out_opt_
#define _Out_writes_(size)
#define _Out_writes_opt_(size)
#define _Out_writes_bytes_(size)
#define _Out_writes_bytes_opt_(size)
#define _Out_writes_to_(size, count)
#define _Out_writes_bytes_to_(size, count)
#define _Out_range_(lo, hi)
#define _Inout_
#define _Inout_opt_
#define _Inout_z_
#define _Inout_updates_(size)
#define _Inout_updates_bytes_(size)
#define _Outptr_
#define _Outptr_opt_
#define _Outptr_result_maybenull_
#define _Outptr_result_buffer_(size)
#define _Outptr_result_bytebuffer_(size)
#define _COM_Outptr_
#define _COM_Outptr_opt_
#define _Deref_out_
#define _Ret_maybenull_
#define _Ret_notnull_
#define _Result_nullonfailure_
#define _Must_inspect_result_
#define _Check_return_
#define _Success_(expr)
#define _Field_size_(size)
#define _Field_size_bytes_(size)
#define _Field_range_(lo, hi)
#define _Pre_
#define _Post_
#define _Pre_notnull_
#define _Post_invalid_
#define _Post_writable_byte_size_(size)
#define _When_(cond, annotes)
#define _At_(target, annotes)
#define _Use_decl_annotations_
#define _Function_class_(name)
#define _IRQL_requires_(irql)
#define _IRQL_requires_max_(irql)
#define _IRQL_requires_min_(irql)
#define _IRQL_requires_same_
#define _IRQL_raises_(irql)
#define _IRQL_saves_
#define _IRQL_restores_
#define _IRQL_saves_global_(kind, param)
#define _IRQL_restores_global_(kind, param)
#define _IRQL_always_function_max_(irql)
#define _IRQL_always_function_min_(irql)
#define _Dispatch_type_(type)
#define _Kernel_float_saved_
#define _Kernel_float_restored_
#define _Kernel_requires_resource_held_(kind)
#define _Kernel_clear_do_init_(yesno)
#define _Requires_lock_held_(lock)
#define _Requires_lock_not_held_(lock)
#define _Acquires_lock_(lock)
#define _Releases_lock_(lock)
#define _Guarded_by_(lock)
#define _Analysis_assume_(expr)
#define _Null_terminated_
#define _NullNull_terminated_
#define _Printf_format_string_
#define _Frees_ptr_
#define _Frees_ptr_opt_
#define _Post_satisfies_(cond)
#define _Pre_satisfies_(cond)
#define _Reserved_
#define _Notnull_
#define _Maybenull_
#define _Literal_
#define _Points_to_data_
#define _Strict_type_match_
#define _Releases_exclusive_lock_(lock)
#define _Acquires_exclusive_lock_(lock)

#endif /* SAL_H */
