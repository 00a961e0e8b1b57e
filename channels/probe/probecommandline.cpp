#include "probecommandline.h"

#include "../config/commandline.h"
#include "../config/yamlsource.h"
#include "../server/shutdownsignals.h"
#include "channeloptions.h"
#include "loadcommand.h"
#include "sendcommand.h"
#include "testcommand.h"
#include "watchcommand.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTextStream>
#include <unistd.h>

namespace rasachat {

namespace {

using Unit = CommandLine::Unit;

// Runs `command` (a QObject with start() and finished(int)) on the event loop and returns its exit code.
template<typename Command>
int run(QCoreApplication &app, Command &command)
{
    int exitCode = 0;
    QObject::connect(&command, &Command::finished, &app, [&](int code) {
        exitCode = code;
        app.quit();
    });
    QMetaObject::invokeMethod(&command, &Command::start, Qt::QueuedConnection);
    app.exec();
    return exitCode;
}

// The channel options every command but merge reads. --insecure is never silent: whoever reads the
// output must know the server was not authenticated.
void readChannel(CommandLine &cli, const ChannelOptions &channel, ChannelSettings *settings, QTextStream &err)
{
    if (cli.failed())
        return;
    QString error;
    if (!channel.read(cli.parser(), settings, &error)) {
        cli.fail(error);
        return;
    }
    if (!settings->tls.verifyPeer)
        err << "rasa-probe: warning: --insecure: the server's TLS certificate is not verified" << Qt::endl;
}

void readThresholds(CommandLine &cli, const QCommandLineOption &option, QList<LoadThreshold> *thresholds)
{
    for (const QString &text : cli.parser().values(option)) {
        QString error;
        auto t = LoadThreshold::parse(text, &error);
        if (!t) {
            cli.fail(error);
            return;
        }
        thresholds->append(*t);
    }
}

int runSend(QCoreApplication &app, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandLine cli(QStringLiteral("rasa-probe send"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(QStringLiteral("Send user messages to a Rasa server and print the bot's "
                                                    "messages, one JSON object per line."));
    const ChannelOptions channel;
    channel.addTo(parser);
    const QCommandLineOption metadata(QStringLiteral("metadata"),
                                      QStringLiteral("JSON metadata for each message."),
                                      QStringLiteral("JSON"));
    const QCommandLineOption quietMs(
        QStringLiteral("quiet-ms"),
        QStringLiteral("Done after the bot was silent this long (callback, socketio)."), QStringLiteral("MS"),
        QStringLiteral("1000"));
    const QCommandLineOption timeoutMs(
        QStringLiteral("timeout-ms"),
        QStringLiteral("Give up after this long; also bounds each HTTP answer, reading its body included."),
        QStringLiteral("MS"), QStringLiteral("30000"));
    const QCommandLineOption maxReplyBytes(
        QStringLiteral("max-reply-bytes"),
        QStringLiteral("rest, callback: refuse a longer answer without reading it (Socket.IO: the server's "
                       "maxPayload)."),
        QStringLiteral("BYTES"), QString::number(kDefaultMaxReplyBytes));
    const QCommandLineOption trace(QStringLiteral("trace"),
                                   QStringLiteral("Print every request, response and frame on stderr."));
    parser.addOptions({metadata, quietMs, timeoutMs, maxReplyBytes, trace});
    parser.addPositionalArgument(QStringLiteral("message"),
                                 QStringLiteral("The user message(s) to send, in order."),
                                 QStringLiteral("MESSAGE..."));
    if (!cli.parse(arguments))
        return cli.exitCode();

    SendOptions options;
    options.messages = parser.positionalArguments().mid(1);
    if (options.messages.isEmpty())
        return cli.fail(QStringLiteral("say what to send, e.g. rasa-probe send \"hi\""));
    readChannel(cli, channel, &options.channel, err);
    cli.read(quietMs, &options.quietMs, 0, std::numeric_limits<int>::max(), Unit::Milliseconds);
    cli.read(timeoutMs, &options.timeoutMs, 1, std::numeric_limits<int>::max(), Unit::Milliseconds);
    cli.read(maxReplyBytes, &options.channel.maxReplyBytes, 1, std::numeric_limits<qint64>::max(),
             Unit::Bytes);
    if (cli.failed())
        return cli.exitCode();
    options.channel.timeoutMs = options.timeoutMs;
    if (parser.isSet(metadata)) {
        const QJsonDocument doc = QJsonDocument::fromJson(parser.value(metadata).toUtf8());
        if (!doc.isObject())
            return cli.fail(QStringLiteral("--metadata must be a JSON object, e.g. '{\"lang\":\"en\"}'"));
        options.metadata = doc.object();
    }
    options.trace = parser.isSet(trace);
    SendCommand command(options, out, err);
    return run(app, command);
}

int runTest(QCoreApplication &app, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandLine cli(QStringLiteral("rasa-probe test"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Run the conversations of a script against a Rasa server and "
                       "report which pass."));
    const ChannelOptions channel;
    channel.addTo(parser);
    const QCommandLineOption junit(QStringLiteral("junit"), QStringLiteral("Also write a JUnit XML report."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption jobs(QStringLiteral("jobs"), QStringLiteral("Conversations run at once."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption tag(
        QStringLiteral("tag"),
        QStringLiteral("Run only conversations with this tag (repeatable: any of them)."),
        QStringLiteral("TAG"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        QStringLiteral("Run only conversations whose name contains TEXT (repeatable: any of them)."),
        QStringLiteral("TEXT"));
    const QCommandLineOption apiUrl(
        QStringLiteral("api-url"),
        QStringLiteral("Rasa's HTTP API (rasa run --enable-api), to check utter and slot steps and set "
                       "fixtures; default none: those steps are skipped."),
        QStringLiteral("URL"));
    const QCommandLineOption apiToken(
        QStringLiteral("api-token"),
        QStringLiteral("The API's token (rasa run --auth-token), sent as ?token=."), QStringLiteral("TOKEN"));
    const QCommandLineOption timeoutMs(
        QStringLiteral("timeout-ms"),
        QStringLiteral(
            "Give up (exit 3) when the server has not connected, confirmed the session or answered a "
            "message within MS."),
        QStringLiteral("MS"), QString::number(kDefaultServerTimeoutMs));
    parser.addOptions({junit, jobs, tag, name, apiUrl, apiToken, timeoutMs});
    parser.addPositionalArgument(
        QStringLiteral("script"),
        QStringLiteral("The conversation script, or Rasa's end-to-end test cases (YAML)."));
    if (!cli.parse(arguments))
        return cli.exitCode();

    const QStringList positional = parser.positionalArguments().mid(1);
    if (positional.size() != 1)
        return cli.fail(
            QStringLiteral("give one conversation script, e.g. rasa-probe test conversations.yml"));
    TestOptions options;
    QString error;
    const auto yaml = readYamlFile(positional.first(), &error);
    if (!yaml)
        return cli.fail(error);
    if (E2ETestSuite::isE2E(*yaml)) {
        options.e2e = E2ETestSuite::parse(*yaml, positional.first(), &error);
        if (!options.e2e)
            return cli.fail(error);
    } else {
        auto script = ConversationScript::parse(*yaml, positional.first(), &error);
        if (!script)
            return cli.fail(error);
        options.script = *script;
    }
    if (parser.isSet(apiUrl)) {
        options.api.url = QUrl(parser.value(apiUrl));
        if (!options.api.url.isValid() || options.api.url.scheme().isEmpty() ||
            options.api.url.host().isEmpty())
            return cli.fail(QStringLiteral("--api-url must be a URL such as http://localhost:5005"));
    }
    options.api.token = parser.value(apiToken);
    if (parser.isSet(apiToken) && !parser.isSet(apiUrl))
        return cli.fail(QStringLiteral("--api-token goes with --api-url"));
    readChannel(cli, channel, &options.channel, err);
    // The API is the same Rasa server as the channel's, behind the same certificate.
    options.api.tls = options.channel.tls;
    cli.read(jobs, &options.jobs, 1);
    cli.read(timeoutMs, &options.timeoutMs, 1, std::numeric_limits<int>::max(), Unit::Milliseconds);
    if (cli.failed())
        return cli.exitCode();
    options.junitPath = parser.value(junit);
    options.tags = parser.values(tag);
    options.names = parser.values(name);
    TestCommand command(options, out, err);
    return run(app, command);
}

int runLoad(QCoreApplication &app, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandLine cli(QStringLiteral("rasa-probe load"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Open N sessions and send R messages/s for S seconds, or in stages (open "
                       "loop); report throughput and latency percentiles."));
    const ChannelOptions channel;
    channel.addTo(parser);
    const QCommandLineOption sessions(QStringLiteral("sessions"),
                                      QStringLiteral("Sessions (senders) at once."), QStringLiteral("N"),
                                      QStringLiteral("10"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Messages per second, all sessions together (with --stages: "
                                                 "the rate the first stage starts from, default 0)."),
                                  QStringLiteral("R"), QStringLiteral("100"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Seconds of sending."),
                                      QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption stages(QStringLiteral("stages"),
                                    QStringLiteral("Ramp the rate linearly to each target in turn, e.g. "
                                                   "30s:100,1m:1000,30s:0 (replaces --duration)."),
                                    QStringLiteral("STAGES"));
    const QCommandLineOption timeoutMs(QStringLiteral("timeout-ms"),
                                       QStringLiteral("A message without a reply by then is a timeout."),
                                       QStringLiteral("MS"), QStringLiteral("10000"));
    const QCommandLineOption message(QStringLiteral("message"),
                                     QStringLiteral("The text each message carries."), QStringLiteral("TEXT"),
                                     QStringLiteral("load test"));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Exit 1 unless this holds, e.g. 'p99<50ms', "
                                                      "'errors<0.1%', 'timeouts==0' (repeatable)."),
                                       QStringLiteral("EXPR"));
    const QCommandLineOption outFile(QStringLiteral("out"),
                                     QStringLiteral("Write one row per second to FILE.csv or FILE.jsonl."),
                                     QStringLiteral("FILE"));
    const QCommandLineOption script(
        QStringLiteral("script"),
        QStringLiteral("Play the conversations of this script (as rasa-probe test) "
                       "instead of sending --message; the rate is of conversations."),
        QStringLiteral("FILE.yml"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print one JSON object instead of a table."));
    parser.addOptions(
        {sessions, rate, duration, stages, timeoutMs, message, threshold, outFile, script, json});
    if (!cli.parse(arguments))
        return cli.exitCode();

    LoadOptions options;
    readChannel(cli, channel, &options.channel, err);
    if (!cli.failed() && options.channel.kind == u"callback")
        return cli.fail(
            QStringLiteral("load runs over rest or socketio (callback POSTs go to one receiver port)"));
    cli.read(sessions, &options.sessions, 1);
    cli.read(rate, &options.rate, 0);
    cli.read(duration, &options.durationS, 0, Unit::Seconds);
    cli.read(timeoutMs, &options.timeoutMs, 1, std::numeric_limits<int>::max(), Unit::Milliseconds);
    if (cli.failed())
        return cli.exitCode();
    if (parser.isSet(stages)) {
        if (parser.isSet(duration))
            return cli.fail(
                QStringLiteral("--stages sets the duration: give --stages or --duration, not both"));
        QString error;
        options.stages =
            LoadSchedule::parseStages(parser.value(stages), parser.isSet(rate) ? options.rate : 0, &error);
        if (!options.stages)
            return cli.fail(error);
    }
    readThresholds(cli, threshold, &options.thresholds);
    if (cli.failed())
        return cli.exitCode();
    if (parser.isSet(script)) {
        QString error;
        options.script = ConversationScript::load(parser.value(script), &error);
        if (!options.script)
            return cli.fail(error);
        if (options.script->conversations.isEmpty())
            return cli.fail(QStringLiteral("%1 has no conversations").arg(parser.value(script)));
    }
    options.outPath = parser.value(outFile);
    options.message = parser.value(message);
    options.json = parser.isSet(json);
    LoadCommand command(options, out, err);
    return run(app, command);
}

// `rasa-probe merge a.json b.json ...`: the --json results of runs made at the same time (on several
// machines) as one run.
int runMerge(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandLine cli(QStringLiteral("rasa-probe merge"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Combine the --json results of several rasa-probe load runs made at the same time: "
                       "counts and histograms summed, percentiles recomputed from the merged histogram."));
    const QCommandLineOption threshold(QStringLiteral("threshold"),
                                       QStringLiteral("Exit 1 unless this holds for the merged result "
                                                      "(repeatable; as for load)."),
                                       QStringLiteral("EXPR"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print one JSON object instead of a table."));
    parser.addOptions({threshold, json});
    parser.addPositionalArgument(QStringLiteral("results"), QStringLiteral("The --json outputs of load."),
                                 QStringLiteral("FILE.json..."));
    if (!cli.parse(arguments))
        return cli.exitCode();

    const QStringList files = parser.positionalArguments().mid(1);
    if (files.isEmpty())
        return cli.fail(
            QStringLiteral("give the --json results to merge, e.g. rasa-probe merge a.json b.json"));
    QList<LoadThreshold> thresholds;
    readThresholds(cli, threshold, &thresholds);
    if (cli.failed())
        return cli.exitCode();
    LoadResult merged;
    for (const QString &name : files) {
        QFile file(name);
        if (!file.open(QIODevice::ReadOnly))
            return cli.fail(QStringLiteral("cannot read %1: %2").arg(name, file.errorString()));
        QString error;
        auto result = LoadResult::fromJson(file.readAll(), &error);
        if (!result)
            return cli.fail(QStringLiteral("%1: %2").arg(name, error));
        merged.add(*result);
    }
    out << (parser.isSet(json) ? QString::fromUtf8(merged.toJson()) : merged.table()) << Qt::endl;
    QStringList why;
    const int code = LoadThreshold::verdict(merged, thresholds, &why);
    for (const QString &line : std::as_const(why))
        err << "rasa-probe: " << line << Qt::endl;
    return code;
}

int runWatch(QCoreApplication &app, const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CommandLine cli(QStringLiteral("rasa-probe watch"), out, err);
    QCommandLineParser &parser = cli.parser();
    parser.setApplicationDescription(
        QStringLiteral("Connect over Socket.IO and print every frame both ways until "
                       "interrupted; lines on standard input are sent as messages."));
    const ChannelOptions channel;
    channel.addTo(parser);
    const QCommandLineOption noColour(QStringLiteral("no-colour"),
                                      QStringLiteral("No colour, even on a terminal."));
    const QCommandLineOption record(
        QStringLiteral("record"),
        QStringLiteral("When standard input ends and the bot is quiet, write the conversation as a script "
                       "that rasa-probe test passes, and exit."),
        QStringLiteral("FILE.yml"));
    parser.addOptions({noColour, record});
    if (!cli.parse(arguments))
        return cli.exitCode();

    WatchOptions options;
    options.recordPath = parser.value(record);
    readChannel(cli, channel, &options.channel, err);
    if (cli.failed())
        return cli.exitCode();
    options.channel.kind = QStringLiteral("socketio"); // watching is about frames
    options.colour = !parser.isSet(noColour) && ::isatty(STDOUT_FILENO);
    WatchCommand command(options, out, err);
    ShutdownSignals signals_;
    QObject::connect(&signals_, &ShutdownSignals::shutdownRequested, &command, &WatchCommand::stop);
    return run(app, command);
}

} // namespace

int runProbeCommandLine(QCoreApplication &app, QTextStream &out, QTextStream &err)
{
    const QStringList args = app.arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == u"send")
        return runSend(app, args, out, err);
    if (command == u"test")
        return runTest(app, args, out, err);
    if (command == u"load")
        return runLoad(app, args, out, err);
    if (command == u"watch")
        return runWatch(app, args, out, err);
    if (command == u"merge")
        return runMerge(args, out, err);
    if (command == u"--version" || command == u"-v") {
        out << "rasa-probe " << QCoreApplication::applicationVersion() << Qt::endl;
        return 0;
    }
    const bool help = command == u"--help" || command == u"-h" || command == u"help";
    QTextStream &to = help ? out : err;
    to << "usage: rasa-probe send [options] MESSAGE...\n"
          "       rasa-probe test [options] SCRIPT.yml\n"
          "       rasa-probe load [options]\n"
          "       rasa-probe watch [options]\n"
          "       rasa-probe merge [options] RESULT.json...\n"
          "       rasa-probe COMMAND --help\n\n"
          "  send   send user messages to a Rasa server (rest, callback or socketio) and print\n"
          "         the bot's messages as JSON lines\n"
          "  test   run the conversations of a script and report which pass (--junit for CI)\n"
          "  load   send messages on a schedule and report throughput, latency and errors\n"
          "  watch  print every Socket.IO frame both ways; lines typed are sent as messages\n"
          "  merge  combine the --json results of several load runs into one\n";
    if (!help && !command.isEmpty())
        to << "\nrasa-probe: unknown command '" << command << "'\n";
    to.flush();
    return help ? 0 : CommandLine::UsageError;
}

} // namespace rasachat
