#pragma once

class QCoreApplication;
class QTextStream;

namespace rasachat {

// rasa-probe's command line: `rasa-probe COMMAND [options]`. Reads and checks the command's options
// (a bad one is one line on err and exit code 2, before anything is sent), then runs the command on the
// application's event loop and returns its exit code.
int runProbeCommandLine(QCoreApplication &app, QTextStream &out, QTextStream &err);

} // namespace rasachat
