/* SPDX-License-Identifier: MIT */
/*
 * <ntintsafe.h>: the WDK's checked integer arithmetic and conversions for
 * kernel code. Each routine stores the result and returns STATUS_SUCCESS, or
 * returns STATUS_INTEGER_OVERFLOW when the exact result does not fit the
 * type (the stored value is then the type's _ERROR value, not to be used).
 * Inline, as the WDK's: nothing to link and no calling convention to meet.
 * The set here is the one audio drivers use (sizes, counts, positions):
 * Add/Sub/Mult of USHORT, ULONG, ULONGLONG, ULONG_PTR and SIZE_T, and the
 * narrowing conversions between them.
 */
#ifndef NTINTSAFE_H
#define NTINTSAFE_H

#include "ntdef.h"
#include "ntstatus.h"

EXTERN_C_START

#define USHORT_ERROR    ((USHORT)0xffff)
#define ULONG_ERROR     ((ULONG)0xffffffffu)
#define ULONGLONG_ERROR ((ULONGLONG)0xffffffffffffffffull)
#define ULONG_PTR_ERROR ((ULONG_PTR)-1)
#define SIZET_ERROR     ULONG_PTR_ERROR
#define LONG_ERROR      ((LONG)-1)

/* Rtl<Name>Add/Sub/Mult on Type, by the compiler's overflow builtins. */
#define NTINTSAFE_ARITHMETIC(Name, Type, Error) \
    static inline NTSTATUS Rtl##Name##Add(Type Augend, Type Addend, \
                                          Type *Result) \
    { \
        if (__builtin_add_overflow(Augend, Addend, Result)) { \
            *Result = Error; \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    } \
    static inline NTSTATUS Rtl##Name##Sub(Type Minuend, Type Subtrahend, \
                                          Type *Result) \
    { \
        if (__builtin_sub_overflow(Minuend, Subtrahend, Result)) { \
            *Result = Error; \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    } \
    static inline NTSTATUS Rtl##Name##Mult(Type Multiplicand, \
                                           Type Multiplier, Type *Result) \
    { \
        if (__builtin_mul_overflow(Multiplicand, Multiplier, Result)) { \
            *Result = Error; \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    }

NTINTSAFE_ARITHMETIC(UShort, USHORT, USHORT_ERROR)
NTINTSAFE_ARITHMETIC(ULong, ULONG, ULONG_ERROR)
NTINTSAFE_ARITHMETIC(ULongLong, ULONGLONG, ULONGLONG_ERROR)
NTINTSAFE_ARITHMETIC(ULongPtr, ULONG_PTR, ULONG_PTR_ERROR)
NTINTSAFE_ARITHMETIC(SizeT, SIZE_T, SIZET_ERROR)

/* Rtl<From>To<To>: the value if To holds it exactly. */
#define NTINTSAFE_CONVERSION(FromName, FromType, ToName, ToType, Error) \
    static inline NTSTATUS Rtl##FromName##To##ToName(FromType Operand, \
                                                     ToType *Result) \
    { \
        if (__builtin_add_overflow(Operand, 0, Result)) { \
            *Result = Error; \
            return STATUS_INTEGER_OVERFLOW; \
        } \
        return STATUS_SUCCESS; \
    }

NTINTSAFE_CONVERSION(ULong, ULONG, UShort, USHORT, USHORT_ERROR)
NTINTSAFE_CONVERSION(ULong, ULONG, Long, LONG, LONG_ERROR)
NTINTSAFE_CONVERSION(Long, LONG, ULong, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERSION(ULongLong, ULONGLONG, ULong, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERSION(ULongLong, ULONGLONG, UShort, USHORT, USHORT_ERROR)
NTINTSAFE_CONVERSION(ULongLong, ULONGLONG, Long, LONG, LONG_ERROR)
NTINTSAFE_CONVERSION(SizeT, SIZE_T, ULong, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERSION(ULongPtr, ULONG_PTR, ULong, ULONG, ULONG_ERROR)
NTINTSAFE_CONVERSION(LongLong, LONGLONG, ULong, ULONG, ULONG_ERROR)

EXTERN_C_END

#endif /* NTINTSAFE_H */
