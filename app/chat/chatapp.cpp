// rasa-chat's window as the command line asked for it (app/chat/main.cpp reads it).
#include "chatapp.h"

#include "chatplayer.h"
#include "chatwidget.h"
#include "chatwidget_p.h"
#include "chatwindow.h"
#include "client/chatchannel.h"
#include "connectionprofile.h"
#include "conversationstore.h"
#include "screenfit.h"
#include "server/mockserver.h"
#include "theme.h"
#include "transcriptmodel.h"
#include "translation.h"
#include "wiring/channelfactory.h"

#include <QApplication>
#include <QLocale>
#include <QMessageBox>
#include <cstdio>
#include <memory>

namespace RasaChat {

int runChatWindow(QApplication &app, const ChatOptions &options)
{
    // The system's language unless --lang names one; English (the source) when there is no translation.
    const QLocale locale = !options.lang.isEmpty() ? QLocale(options.lang) : QLocale::system();
    if (!options.lang.isEmpty() && locale.language() == QLocale::C)
        std::fprintf(stderr, "rasa-chat: --lang: unknown language '%s', using English\n",
                     qPrintable(options.lang));
    QLocale::setDefault(locale);
    installTranslations(locale);
    if (const Theme t = options.theme.value_or(Themes::stored()); t != Theme::System)
        Themes::apply(t);

    // Declared before the window so that the demo bot outlives the channel that talks to it.
    std::unique_ptr<rasachat::MockServer> demoBot;
    ChatWindow window;
    QString error;
    if (!window.openStore(!options.database.isEmpty() ? options.database : ConversationStore::defaultPath(),
                          &error))
        QMessageBox::warning(
            &window, QStringLiteral("rasa-chat"),
            QCoreApplication::translate("main", "Conversations are not kept: %1").arg(error));
    bool ok = false;
    if (!options.url.isEmpty()) {
        ConnectionProfile profile;
        profile.name = options.url;
        profile.url = options.url;
        profile.channel = options.channel;
        profile.receiverPort = options.receiverPort;
        profile.caCertFile = options.caCertFile;
        ok = window.connectTo(profile, &error);
    } else {
        // The demo bot: rasa-mock's server inside the app on a free loopback port, over Socket.IO.
        rasachat::MockOptions demoOptions;
        demoOptions.port = 0;
        demoBot = std::make_unique<rasachat::MockServer>(demoOptions);
        ok = demoBot->start(&error) && window.connectTo(demoBot->url(), QStringLiteral("socketio"), &error);
        if (ok)
            ChatWidgetPrivate::transcriptOf(window.chat())
                ->appendSystem(
                    QCoreApplication::translate("main", "Demo bot at %1. Try: hi, /buttons, /quick, /image, "
                                                        "/carousel, /attachment, /custom, /multi, /meta")
                        .arg(demoBot->url().toString()));
    }
    if (!ok) {
        QMessageBox::critical(nullptr, QStringLiteral("rasa-chat"), error);
        return 2;
    }
    if (options.inspector) {
        window.showInspector();
        resizeToFit(&window, QSize(1360, 820));
    }
    if (options.size.isValid())
        resizeToFit(&window, options.size);
    window.show();
    if (options.conversations)
        window.showConversations();

    if (!options.play.isEmpty()) {
        auto *player = new ChatPlayer(&window, options.play, options.screenshot, options.timeoutMs, &window);
        QObject::connect(player, &ChatPlayer::finished, &app, [&app](int code) { app.exit(code); });
        player->start();
    }
    return app.exec();
}

} // namespace RasaChat
