#pragma once

#include "client/chatchannel.h"

#include <QJsonValue>
#include <QPointer>
#include <QStringList>
#include <memory>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;

namespace RasaChat {

class ImageCache;
class MessageDelegate;
class TranscriptModel;

// ChatWidget's state (see chatwidget.h).
class ChatWidgetPrivate
{
public:
    TranscriptModel *model = nullptr;
    ImageCache *images = nullptr;
    MessageDelegate *delegate = nullptr;
    QListView *view = nullptr;
    QLineEdit *input = nullptr;
    QPushButton *send = nullptr;
    QLabel *status = nullptr;
    QPointer<rasachat::ChatChannel> channel;
    std::unique_ptr<rasachat::ChatChannel> ownedChannel;
    QStringList history;
    int historyPos = 0;
    QString connectionText;
    QJsonValue metadata = QJsonValue::Undefined;
};

} // namespace RasaChat
