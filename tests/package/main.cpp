// Embeds RasaChat::ChatWidget in a window of its own. With --check it builds the widget, talks to the
// server given by --url over the channel given by --channel until the bot answers "hi", and exits 0.
#include <QAbstractItemModel>
#include <QApplication>
#include <QCommandLineParser>
#include <QMainWindow>
#include <QTimer>
#include <RasaChat/ChatWidget>
#include <RasaChat/ConnectionOptions>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOptions(
        {{QStringLiteral("url"), QStringLiteral("server"), QStringLiteral("URL")},
         {QStringLiteral("channel"), QStringLiteral("kind"), QStringLiteral("NAME"), QStringLiteral("rest")},
         {QStringLiteral("check"), QStringLiteral("exit after the first answer")}});
    parser.process(app);

    QMainWindow window;
    auto *chat = new RasaChat::ChatWidget(&window);
    window.setCentralWidget(chat);
    window.show();
    QString error;
    RasaChat::ConnectionOptions options(QUrl(parser.value(QStringLiteral("url"))),
                                        parser.value(QStringLiteral("channel")));
    if (!chat->connectTo(options, &error))
        return 2;
    if (parser.isSet(QStringLiteral("check"))) {
        chat->sendText(QStringLiteral("hi"));
        QObject::connect(chat->transcript(), &QAbstractItemModel::rowsInserted, &app, [chat] {
            if (chat->transcript()->rowCount() >= 2)
                QCoreApplication::exit(0);
        });
        QTimer::singleShot(20000, &app, [] { QCoreApplication::exit(1); });
    }
    return app.exec();
}
