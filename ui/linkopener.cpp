#include "linkopener.h"

#include <QDesktopServices>
#include <QMessageBox>
#include <QPushButton>
#include <QWidget>

namespace RasaChat {

LinkOpener::LinkOpener(QWidget *parent) : QObject(parent), m_parent(parent) {}

bool LinkOpener::opensWithOneClick(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == u"http" || scheme == u"https" || scheme == u"mailto");
}

void LinkOpener::open(const QUrl &url)
{
    if (opensWithOneClick(url)) {
        QDesktopServices::openUrl(url);
        return;
    }
    if (m_asking)
        m_asking->close();
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("Open this link?"),
                        tr("The bot sent a link that is not a web page:"), QMessageBox::NoButton, m_parent);
    box->setObjectName(QStringLiteral("linkQuestion"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(url.toDisplayString());
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPushButton *openButton = box->addButton(tr("Open"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(openButton, &QPushButton::clicked, this, [url] { QDesktopServices::openUrl(url); });
    box->setWindowModality(Qt::NonModal); // the chat goes on while the user decides
    m_asking = box;
    box->show();
}

} // namespace RasaChat
