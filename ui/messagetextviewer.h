#pragma once

#include <QTextBrowser>

namespace RasaChat {

// A message's text in a read-only, selectable overlay over its bubble (the delegate's editor), so that
// any part of it can be selected and copied: the bot's Markdown, the user's plain text, a custom
// payload's JSON in the fixed font; in the bubble's colours, so that opening it changes nothing but the
// selection. Escape or a click elsewhere closes it.
class MessageTextViewer : public QTextBrowser
{
    Q_OBJECT
public:
    MessageTextViewer(const QModelIndex &index, const QPalette &palette, QWidget *parent = nullptr);

    // Shows the text of `index`, all of it selected.
    void showMessage(const QModelIndex &index);
};

} // namespace RasaChat
