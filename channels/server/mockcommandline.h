#pragma once

class QCoreApplication;
class QTextStream;

namespace rasachat {

// rasa-mock's command line: reads and checks the options (a bad one, an unusable credentials file or a
// port that cannot be bound is one line on err and exit code 2; TLS files that exist but cannot be used
// exit 3), starts the MockServer, logs one line per request unless --quiet, and serves until SIGINT or
// SIGTERM (a second one stops at once).
int runMockCommandLine(QCoreApplication &app, QTextStream &out, QTextStream &err);

} // namespace rasachat
