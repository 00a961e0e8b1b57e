#pragma once

#include <QObject>
#include <QPointer>
#include <QUrl>

class QWidget;

namespace RasaChat {

// Opens the links a bot sends. Web pages and mail open with one click; any other scheme (file:, a
// desktop application's own scheme) could reveal or start something on the user's machine, so the
// user is asked first, in a box that does not block the chat.
class LinkOpener : public QObject
{
    Q_OBJECT
public:
    explicit LinkOpener(QWidget *parent);

    static bool opensWithOneClick(const QUrl &url);

    void open(const QUrl &url);

private:
    QWidget *m_parent;
    QPointer<QWidget> m_asking; // the open question, replaced by a newer link
};

} // namespace RasaChat
