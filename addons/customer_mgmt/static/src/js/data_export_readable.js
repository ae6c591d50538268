odoo.define('customer_mgmt.data_export_readable', function (require) {
"use strict";

var DataExport = require('web.DataExport');

// Models whose export dialog opens on "Export all Data": readable column titles and record
// names, as the saved export templates (Customer List, Contact List) are meant to be read.
var READABLE_EXPORT_MODELS = ['res.partner'];

DataExport.include({
    /**
     * Odoo 11 opens the export dialog on "Import-Compatible Export", which writes external
     * ids (customer_mgmt.user_zhangwei_demo) and technical names: for customers, select the
     * readable export once the dialog is set up; the user may still switch back.
     *
     * @override
     */
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            if (READABLE_EXPORT_MODELS.indexOf(self.record.model) === -1) {
                return;
            }
            var $readable = self.$import_compat_radios.filter('[value=""]');
            if ($readable.length && !$readable.prop('checked')) {
                $readable.prop('checked', true).change();
            }
        });
    },
});

});
