odoo.define('customer_mgmt.list_button_confirm', function (require) {
"use strict";

var Dialog = require('web.Dialog');
var ListController = require('web.ListController');

ListController.include({
    /**
     * Odoo 11 lists ignore a button's ``confirm`` attribute, which forms honour: ask first
     * there too (a claim from the public pool list must not happen on a stray click).
     *
     * @override
     */
    _onButtonClicked: function (event) {
        var attrs = event.data.attrs;
        if (!attrs.confirm) {
            return this._super.apply(this, arguments);
        }
        event.stopPropagation();
        var self = this;
        Dialog.confirm(this, attrs.confirm, {
            confirm_callback: function () {
                self._callButtonAction(attrs, event.data.record);
            },
        });
    },
});

});
