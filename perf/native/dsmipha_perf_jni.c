/*
 * dsmipha_perf_jni.c: JNI entry points of dsmipha.perf.jmh.JniShim, for the native binding benchmark only.
 *
 * Each one forwards to the shim function of the same name, compiled into this library from the shim's sources, so
 * a JNI call does the same C work as the FFM and jnr-ffi calls. The ring is passed as its address (jlong).
 */
#include <jni.h>
#include <stdint.h>

#include "dsmipha_shim.h"

JNIEXPORT void JNICALL Java_dsmipha_perf_jmh_JniShim_noop(JNIEnv *env, jclass cls)
{
    (void)env;
    (void)cls;
    dsmipha_shim_noop();
}

JNIEXPORT jint JNICALL Java_dsmipha_perf_jmh_JniShim_touch(JNIEnv *env, jclass cls, jlong ring, jint n)
{
    (void)env;
    (void)cls;
    return (jint)dsmipha_shim_touch((void *)(intptr_t)ring, (uint32_t)n);
}

JNIEXPORT jint JNICALL Java_dsmipha_perf_jmh_JniShim_fill(JNIEnv *env, jclass cls, jlong ring, jint n)
{
    (void)env;
    (void)cls;
    return (jint)dsmipha_shim_fill((void *)(intptr_t)ring, (uint32_t)n);
}
