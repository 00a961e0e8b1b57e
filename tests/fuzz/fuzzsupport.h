#pragma once

// What every fuzz target shares. A target is written once, as
//
//   RASACHAT_FUZZ_TARGET(name) { ... use data, size ...; return 0; }
//
// and is, in a libFuzzer build (RASACHAT_LIBFUZZER), that binary's LLVMFuzzerTestOneInput; in every other
// build it registers itself with fuzz_replay, which runs it over the committed inputs.

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstddef>
#include <cstdint>

namespace rasachat::fuzz {

using TargetFunction = int (*)(const uint8_t *data, size_t size);

struct Registration
{
    Registration(const char *name, TargetFunction function);
};

struct Target
{
    const char *name;
    TargetFunction function;
};
// Every registered target (fuzz_replay only).
const QList<Target> &targets();

// A QCoreApplication for targets that need an event loop, made once; Qt's log output is dropped
// (the servers log every bad request, and the fuzzer makes millions) except fatal messages.
void ensureApp();

// Runs the event loop until nothing is left to do now: no ready socket, no zero-time timer, no posted
// event or deferred delete. Timers with a real interval do not fire, so a run is deterministic.
void settle();

// Reports a broken property of the code under test and aborts, which libFuzzer records as a crash.
[[noreturn]] void fail(const char *file, int line, const char *what, const QByteArray &detail = {});

// The input being run, for the message of fail() (fuzz_replay sets it).
void setCurrentInput(const QString &path);

} // namespace rasachat::fuzz

#define FUZZ_CHECK(condition, detail)                                                                        \
    do {                                                                                                     \
        if (!(condition))                                                                                    \
            ::rasachat::fuzz::fail(__FILE__, __LINE__, #condition, (detail));                                \
    } while (false)

#ifdef RASACHAT_LIBFUZZER
#define RASACHAT_FUZZ_TARGET(name)                                                                           \
    static int fuzz_##name(const uint8_t *data, size_t size);                                                \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                  \
    {                                                                                                        \
        return fuzz_##name(data, size);                                                                      \
    }                                                                                                        \
    static int fuzz_##name(const uint8_t *data, size_t size)
#else
#define RASACHAT_FUZZ_TARGET(name)                                                                           \
    static int fuzz_##name(const uint8_t *data, size_t size);                                                \
    static const ::rasachat::fuzz::Registration registration_##name(#name, &fuzz_##name);                    \
    static int fuzz_##name(const uint8_t *data, size_t size)
#endif

// The input as a QByteArray that does not copy it.
#define FUZZ_BYTES QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size))
