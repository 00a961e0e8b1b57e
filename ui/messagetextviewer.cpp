#include "messagetextviewer.h"

#include "messagelayout.h"
#include "messagetext.h"
#include "transcriptcolors.h"
#include "transcriptmodel.h"

#include <QCoreApplication>
#include <QFontDatabase>

namespace RasaChat {

MessageTextViewer::MessageTextViewer(const QModelIndex &index, const QPalette &palette, QWidget *parent)
    : QTextBrowser(parent)
{
    const bool fromUser = index.data(TranscriptModel::FromUserRole).toBool();
    QPalette pal = palette;
    const TranscriptColors colors = TranscriptColors::from(pal);
    pal.setColor(QPalette::Base, fromUser ? colors.userBubble : colors.botBubble);
    pal.setColor(QPalette::Text, fromUser ? colors.userText : colors.botText);
    setPalette(pal);
    setReadOnly(true);
    setOpenLinks(false); // links go to the delegate's linkActivated(), which the chat decides on
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    document()->setDocumentMargin(0);
    setAccessibleName(QCoreApplication::translate("RasaChat::MessageDelegate", "Message text"));
}

void MessageTextViewer::showMessage(const QModelIndex &index)
{
    const QString text = index.data(TranscriptModel::TextRole).toString();
    const auto kind = index.data(TranscriptModel::KindRole).value<TranscriptModel::Kind>();
    if (kind == TranscriptModel::Kind::Custom) {
        setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        setPlainText(
            customPayloadText(index.data(TranscriptModel::MessageRole).value<rasachat::BotMessage>()));
    } else if (index.data(TranscriptModel::FromUserRole).toBool()) {
        setPlainText(text);
    } else {
        setBotMarkdown(document(), text);
    }
    selectAll();
}

} // namespace RasaChat
