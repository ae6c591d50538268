odoo.define('customer_mgmt.field_datetime_short', function (require) {
"use strict";

/**
 * widget="customer_datetime_short": a date and time shown to the minute, in the user's date
 * format, for list columns that must stay on one line (the language's format with seconds,
 * e.g. 2026年12月03日 17时33分53秒, makes narrow columns wrap). Editing is Odoo's own.
 */
var basic_fields = require('web.basic_fields');
var field_registry = require('web.field_registry');
var session = require('web.session');
var time = require('web.time');

var FieldDateTimeShort = basic_fields.FieldDateTime.extend({
    /**
     * @override
     * @private
     */
    _formatValue: function (value) {
        if (!value) {
            return '';
        }
        var format = time.getLangDatetimeFormat().replace(/[:.]?ss秒?/, '').trim();
        return value.clone().add(session.getTZOffset(value), 'minutes').format(format);
    },
});

field_registry.add('customer_datetime_short', FieldDateTimeShort);

return FieldDateTimeShort;
});
