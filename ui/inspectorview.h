#pragma once

#include "client/chatchannel.h"

#include <QAbstractTableModel>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QTableView;

namespace RasaChat {

// Every request, response and frame of a channel, both ways: time, direction, channel, event, size.
class InspectorModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, DirectionColumn, ChannelColumn, EventColumn, SizeColumn, ColumnCount };

    explicit InspectorModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const rasachat::WireRecord &record);
    void clear();
    const rasachat::WireRecord &record(int row) const { return m_records.at(row); }
    // One JSON object per line: time, direction, channel, summary, payload.
    QByteArray toJsonLines() const;

    // What a record is about, in a word or two: the Socket.IO event or packet type, or the HTTP line.
    static QString eventOf(const rasachat::WireRecord &record);

private:
    QList<rasachat::WireRecord> m_records;
};

// The inspector: the live table, a filter box, the selected record in readable JSON, export.
class InspectorView : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorView(QWidget *parent = nullptr);

    void watch(rasachat::ChatChannel *channel);
    InspectorModel *model() const { return m_model; }
    QSortFilterProxyModel *filtered() const { return m_proxy; }
    QLineEdit *filterBox() const { return m_filter; }
    QPlainTextEdit *detail() const { return m_detail; }
    void selectLast();
    // Writes the records as JSON lines; false with *error on failure.
    bool exportTo(const QString &path, QString *error) const;

private:
    void showDetail(const QModelIndex &index);

    InspectorModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_table;
    QPlainTextEdit *m_detail;
};

} // namespace RasaChat
