#pragma once

#include "connectionprofile.h"

#include <QMainWindow>
#include <QUrl>
#include <memory>

class QComboBox;

namespace rasachat {
class ChatChannel;
class MockServer;
} // namespace rasachat

namespace RasaChat {

class ChatWidget;
class InspectorView;

// The desktop app's window: a ChatWidget, a toolbar to connect, disconnect and start a new session,
// saving the transcript, and the Inspector dock with every request and frame on the wire. With `startDemo()`
// it runs the mock server with the demo bot inside the app, on a free loopback port, and talks to it over
// Socket.IO.
class ChatWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit ChatWindow(QWidget *parent = nullptr);
    ~ChatWindow() override;

    // On failure returns false with *error set.
    bool connectTo(const QUrl &url, const QString &kind, QString *error);
    bool connectTo(const ConnectionProfile &profile, QString *error);
    // The saved profiles (QSettings); connecting to one of them: selectProfile().
    QList<ConnectionProfile> profiles() const { return m_profiles; }
    bool selectProfile(const QString &name, QString *error);
    void saveProfile(const ConnectionProfile &profile);
    bool startDemo(QString *error);
    ChatWidget *chat() const { return m_chat; }
    InspectorView *inspector() const { return m_inspector; }

private:
    void editProfile(bool asNew);
    void refreshProfileMenu();
    void newSession();
    void saveTranscript();

    ChatWidget *m_chat;
    InspectorView *m_inspector;
    std::unique_ptr<rasachat::MockServer> m_demo;
    std::unique_ptr<rasachat::ChatChannel> m_channel;
    QUrl m_url;
    ConnectionProfile m_profile;
    QList<ConnectionProfile> m_profiles;
    QComboBox *m_profileBox = nullptr;
};

} // namespace RasaChat
