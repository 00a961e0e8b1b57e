// credentials.yml as rasa-mock reads it: any file is either read or refused with a reason that names
// the file; nothing crashes, throws or hangs.

#include "config/credentials.h"
#include "fuzzsupport.h"

using namespace rasachat;

RASACHAT_FUZZ_TARGET(credentials)
{
    const QByteArray input = FUZZ_BYTES;
    QString error;
    const auto credentials = Credentials::parse(input, QStringLiteral("credentials.yml"), &error);
    if (!credentials)
        FUZZ_CHECK(error.startsWith(u"credentials.yml"), input + " -> " + error.toUtf8());
    return 0;
}
